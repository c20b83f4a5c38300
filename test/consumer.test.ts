import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const VERSIONS = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));

/**
 * Packs the library as `npm publish` would and installs the tarball into a fresh app
 * that has only cdktf, constructs and the prebuilt Cloudflare provider, then uses it
 * from plain JavaScript the way a user's existing CDKTF app would (test/fixtures/consumer-app.js,
 * which test/packages/cdktn.test.ts also runs against the cdktn edition).
 */
describe("the packed tarball in a fresh CDKTF app", () => {
  let work: string;
  let files: string[];
  let result: any;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-consumer-"));
    // Packed from a copy of the working tree: `prepack` rebuilds dist/, which other test files running at the
    // same time (the verify bin) read in the checkout.
    const source = path.join(work, "source");
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    for (const file of listed.split("\0").filter((f) => f && fs.existsSync(path.join(ROOT, f)))) {
      fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(source, file));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
        cwd: source,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    )[0];
    files = packed.files.map((f: { path: string }) => f.path).sort();
    const tarball = path.join(work, packed.filename);

    const app = path.join(work, "app");
    fs.mkdirSync(app);
    const devDependencies = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "consumer-app",
        private: true,
        dependencies: {
          cdktf: devDependencies.cdktf,
          constructs: devDependencies.constructs,
          "@cdktf/provider-cloudflare": devDependencies["@cdktf/provider-cloudflare"],
          "cdktf-authentik-cloudflare-access": `file:${tarball}`,
        },
      }),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: app, stdio: "pipe" });
    fs.copyFileSync(path.join(ROOT, "test", "fixtures", "consumer-app.js"), path.join(app, "consumer-app.js"));
    const outdir = path.join(app, "cdktf.out");
    execFileSync(process.execPath, ["consumer-app.js", "cdktf", outdir], { cwd: app, stdio: "pipe" });
    const printed = JSON.parse(fs.readFileSync(path.join(app, "consumer-report.json"), "utf8"));
    result = { ...printed, json: JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "access", "cdk.tf.json"), "utf8")) };
    const bin = path.join(app, "node_modules", ".bin", "cdktf-authentik-cloudflare-access");
    result.verifyHelp = execFileSync(bin, ["verify", "--help"], { cwd: app, encoding: "utf8" });
  }, 240000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the tarball holds the compiled library and bindings, jsii assembly, README, licence and API reference only", () => {
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "README.md", "LICENSE", "API.md", ".jsii", "dist/lib/index.js", "dist/lib/index.d.ts"]),
    );
    expect(files).toContain("dist/.gen/providers/authentik/provider/index.js");
    expect(files).toContain("dist/.gen/providers/authentik/provider-oauth2/index.d.ts");
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|README\.md|LICENSE|API\.md|\.jsii|bin\/cdktf-authentik-cloudflare-access\.js)$/.test(f) &&
        !/^dist\/(lib|\.gen\/providers\/authentik)\/.*\.(js|d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
  });

  test("the construct synthesises from plain JavaScript", () => {
    expect(result.certsUrl).toBe("https://authentik.company/application/o/cloudflare-access/jwks/");
    const idp = Object.values(result.json.resource.cloudflare_zero_trust_access_identity_provider)[0] as any;
    expect(idp.config.certs_url).toBe(result.certsUrl);
    expect(Object.keys(result.json.resource.authentik_provider_oauth2)).toHaveLength(1);
  });

  test("the authentik provider configured through the `authentik` namespace lands in the JSON", () => {
    expect(result.json.provider.authentik).toEqual([{ url: "https://authentik.company", token: "${var.token}" }]);
    expect(result.json.terraform.required_providers.authentik).toEqual({
      source: VERSIONS.authentik.source,
      version: VERSIONS.authentik.constraint,
    });
  });

  test("bad input raises the documented error from the installed package", () => {
    expect(result.badInput).toMatch(
      /^AuthentikCloudflareAccess at access\/bad: invalid teamName "Company": expected the Zero Trust team name: a DNS label/,
    );
  });

  test("the verify command is installed as a bin and prints its usage from the compiled package", () => {
    expect(result.verifyHelp).toMatch(/^Usage: cdktf-authentik-cloudflare-access verify \[flags\]/);
    expect(result.verifyHelp).toContain("CLOUDFLARE_API_TOKEN");
  });

  test("loading the package does not load the root of @cdktf/provider-cloudflare", () => {
    expect(result.loaded.some((f: string) => /@cdktf\/provider-cloudflare\/lib\/index\.js$/.test(f))).toBe(false);
    expect(result.loaded.some((f: string) => /zero-trust-access-identity-provider\/index\.js$/.test(f))).toBe(true);
  });
});
