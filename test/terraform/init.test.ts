import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packLibrary } from "../pack";
import { providersInfo, terraformEnv, validateDirectory } from "./terraform";

const info = providersInfo();

/**
 * The README's first steps, as a newcomer runs them: `init` with the packed tarball, `npm install`,
 * `npx cdktf synth` (the app's own cdktf-cli), then `terraform validate` of the synthesised stack with the
 * providers from the local mirror.
 */
describe(`a new app written by init validates with ${info.cliName}`, () => {
  let work: string;
  let stackDir: string;
  let initOutput: string;
  let synthOutput: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-init-"));
    const { tarball, source } = packLibrary(work);
    const bin = path.join(source, "bin", "cdktf-authentik-cloudflare-access.js");
    initOutput = execFileSync(process.execPath, [bin, "init", "my-access-app", "--library", path.basename(tarball)], {
      cwd: work,
      encoding: "utf8",
    });
    const app = path.join(work, "my-access-app");
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app, stdio: "pipe" });
    synthOutput = execFileSync("npx", ["cdktf", "synth"], {
      cwd: app,
      encoding: "utf8",
      // cdktf-cli probes the Terraform CLI: the same offline configuration as the validation.
      env: { ...terraformEnv(info), CI: "1" },
    });
    stackDir = path.join(app, "cdktf.out", "stacks", "access");
  }, 600000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("init says what to run next, and npx cdktf synth writes the access stack", () => {
    expect(initOutput).toContain("cd my-access-app && npm install && npx cdktf synth");
    expect(synthOutput).toContain("Generated Terraform code for the stacks: access");
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource.cloudflare_zero_trust_access_application)).toHaveLength(1);
  });

  test("the synthesised stack passes terraform validate", () => {
    const result = validateDirectory(stackDir, info);
    expect(result.diagnostics.filter((d) => d.startsWith("error"))).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
