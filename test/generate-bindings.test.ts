import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AUTHENTIK_BINDINGS, generateAuthentikBindings } from "../scripts/generate-bindings";
import { VERSIONS } from "./schema";

const COMMITTED = path.resolve(__dirname, "..", ".gen", "providers", "authentik");

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)).map((f) => path.join(entry.name, f)) : [entry.name]))
    .sort();
}

describe("generated authentik bindings", () => {
  let outdir: string;
  let fresh: string;

  beforeAll(async () => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-gen-"));
    await generateAuthentikBindings(outdir);
    fresh = path.join(outdir, "providers", "authentik");
  }, 60000);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("the committed .gen is exactly what `npm run get` regenerates from the schema snapshot", () => {
    const committedFiles = listFiles(COMMITTED);
    expect(listFiles(fresh)).toEqual(committedFiles);
    const differing = committedFiles.filter(
      (file) => !fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(COMMITTED, file))),
    );
    expect(differing).toEqual([]);
  });

  test("only the listed resources and data sources, plus the provider, are generated", () => {
    const dirs = fs
      .readdirSync(fresh, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const expected = [
      "provider",
      ...AUTHENTIK_BINDINGS.resources.map((r) => r.replace(/^authentik_/, "").replace(/_/g, "-")),
      ...AUTHENTIK_BINDINGS.dataSources.map((d) => `data-${d.replace(/_/g, "-")}`),
    ].sort();
    expect(dirs).toEqual(expected);
  });

  test(`the provider class requires ${VERSIONS.authentik.source} ${VERSIONS.authentik.constraint} (versions.json), not one exact version`, () => {
    const provider = fs.readFileSync(path.join(fresh, "provider", "index.ts"), "utf8");
    expect(provider).toContain("terraformResourceType: 'authentik'");
    expect(provider).toContain(`providerVersionConstraint: '${VERSIONS.authentik.constraint}'`);
    // cdktf writes an exact providerVersion to required_providers in preference to the constraint.
    expect(provider).not.toContain("providerVersion:");
    expect(provider).toContain(`terraformProviderSource: '${VERSIONS.authentik.source}'`);
  });
});
