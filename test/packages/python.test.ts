import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, authentik } from "../../lib";
import { CloudflareAccessStack } from "../../main";
const { artifacts, ROOT } = require("./artifacts");

const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
const PYTHON = process.env.PYTHON ?? "python3";

/** The same stack as token_team_name_stack in python_stacks.py. */
function tokenTeamNameStack(app: App, id: string): void {
  const stack = new TerraformStack(app, id);
  new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "${var.authentik_token}" });
  new CloudflareProvider(stack, "cloudflare", {});
  const teamName = new TerraformVariable(stack, "team_name", { type: "string", description: "Cloudflare Zero Trust team name" });
  new AuthentikCloudflareAccess(stack, "access", {
    teamName: teamName.stringValue,
    authentikUrl: "https://authentik.company",
    accountId: ACCOUNT_ID,
  });
}

function stackJson(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/**
 * The Python wheel in a fresh virtual environment with cdktf, constructs and the prebuilt
 * Cloudflare provider from PyPI: the Python port of the example app (examples/python/main.py)
 * must synthesise exactly what main.ts does, from the same working directory.
 */
describe("the Python wheel in a fresh virtual environment", () => {
  let work: string;
  let venv: string;
  let pyOut: string;
  let tsOut: string;
  let report: any;
  let installed: string;

  beforeAll(() => {
    const { wheel } = artifacts();
    if (!wheel) throw new Error("no wheel in dist/packages/python: run `npm run package`");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-python-"));
    venv = path.join(work, "venv");
    execFileSync(PYTHON, ["-m", "venv", venv], { stdio: "pipe" });
    const devDependencies = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    const pip = [path.join(venv, "bin", "python"), "-m", "pip", "--disable-pip-version-check", "--no-input"];
    execFileSync(
      pip[0],
      [
        ...pip.slice(1),
        "install",
        "--quiet",
        `cdktf==${devDependencies.cdktf}`,
        "constructs",
        `cdktf-cdktf-provider-cloudflare==${devDependencies["@cdktf/provider-cloudflare"]}`,
        wheel,
      ],
      { stdio: "pipe" },
    );
    installed = execFileSync(pip[0], [...pip.slice(1), "list", "--format=json"], { encoding: "utf8" });

    // Both languages synthesise from the repository root: the local backend's state path is absolute.
    // Python writes no __pycache__ next to the example it imports.
    const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "20", PYTHONDONTWRITEBYTECODE: "1" };
    pyOut = path.join(work, "python.out");
    const reportFile = path.join(work, "report.json");
    execFileSync(path.join(venv, "bin", "python"), [path.join(__dirname, "python_stacks.py"), pyOut, reportFile], {
      cwd: ROOT,
      env,
      stdio: "pipe",
    });
    report = JSON.parse(fs.readFileSync(reportFile, "utf8"));

    tsOut = path.join(work, "typescript.out");
    const app = new App({ outdir: tsOut });
    new CloudflareAccessStack(app, "cloudflare-access");
    tokenTeamNameStack(app, "token-team-name");
    app.synth();
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("pip installs the wheel next to cdktf and the prebuilt Cloudflare provider from PyPI", () => {
    const versions = Object.fromEntries(
      JSON.parse(installed).map((p: { name: string; version: string }) => [p.name.toLowerCase(), p.version]),
    );
    const devDependencies = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
    expect(versions).toMatchObject({
      "cdktf-authentik-cloudflare-access": JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
      cdktf: devDependencies.cdktf,
      "cdktf-cdktf-provider-cloudflare": devDependencies["@cdktf/provider-cloudflare"],
    });
  });

  test("the Python example synthesises the same Terraform JSON as main.ts", () => {
    const python = stackJson(pyOut, "cloudflare-access");
    expect(python).toEqual(stackJson(tsOut, "cloudflare-access"));
    // and it is the real example, not an empty stack
    expect(Object.keys(python.resource).sort()).toEqual(
      expect.arrayContaining(["authentik_application", "authentik_provider_oauth2", "cloudflare_zero_trust_access_identity_provider"]),
    );
    expect(Object.keys(python.output)).toContain("client_secret");
  });

  test("a token-valued teamName (a Terraform variable) synthesises as from TypeScript", () => {
    const python = stackJson(pyOut, "token-team-name");
    expect(python).toEqual(stackJson(tsOut, "token-team-name"));
    // the callback URL authentik redirects to is built from the variable
    const oauth2 = Object.values(python.resource.authentik_provider_oauth2)[0] as any;
    expect(JSON.stringify(oauth2.allowed_redirect_uris)).toContain("https://${var.team_name}.cloudflareaccess.com/cdn-cgi/access/callback");
  });

  test("an invalid prop raises the library's error, naming the prop, as in TypeScript", () => {
    let message: string | undefined;
    try {
      const stack = new TerraformStack(new App({ outdir: path.join(work, "unused") }), "bad-props");
      new AuthentikCloudflareAccess(stack, "bad-value", {
        teamName: "Company",
        authentikUrl: "https://authentik.company",
        accountId: ACCOUNT_ID,
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(report.invalidValue.type).toBe("RuntimeError");
    expect(report.invalidValue.message).toMatch(/^AuthentikCloudflareAccess at bad-props\/bad-value: invalid teamName "Company": /);
    expect(report.invalidValue.message).toBe(message);
  });

  test("a prop of the wrong type is refused by the Python bindings, naming the prop", () => {
    expect(report.wrongType).toEqual({ type: "TypeError", message: expect.stringContaining("team_name") });
  });

  test("the verify command is installed as a console script", () => {
    const usage = execFileSync(path.join(venv, "bin", "cdktf-authentik-cloudflare-access"), ["verify", "--help"], {
      encoding: "utf8",
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: "20" },
    });
    expect(usage).toMatch(/^Usage: cdktf-authentik-cloudflare-access verify \[flags\]/);
  });
});
