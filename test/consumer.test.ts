import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { devDependencies, packLibrary } from "./pack";

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
    const packed = packLibrary(work);
    files = packed.files;
    const tarball = packed.tarball;

    const app = path.join(work, "app");
    fs.mkdirSync(app);
    const pins = devDependencies();
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "consumer-app",
        private: true,
        dependencies: {
          cdktf: pins.cdktf,
          constructs: pins.constructs,
          "@cdktf/provider-cloudflare": pins["@cdktf/provider-cloudflare"],
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
    result.initOutput = execFileSync(bin, ["init", "new-app", "--library", path.relative(work, tarball)], { cwd: work, encoding: "utf8" });
    result.initApp = path.join(work, "new-app");
    result.tarball = tarball;
    result.app = app;
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

  test("init writes a new app that installs the library from the given tarball, with the versions it is tested with", () => {
    expect(result.initOutput).toContain("cd new-app && npm install && npx cdktf synth");
    expect(fs.readdirSync(result.initApp).sort()).toEqual([
      ".gitignore",
      "README.md",
      "cdktf.json",
      "main.ts",
      "package.json",
      "tsconfig.json",
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(result.initApp, "package.json"), "utf8"));
    const pins = devDependencies();
    expect(manifest.dependencies).toEqual({
      "@cdktf/provider-cloudflare": pins["@cdktf/provider-cloudflare"],
      cdktf: pins.cdktf,
      "cdktf-authentik-cloudflare-access": `file:${result.tarball}`,
      constructs: pins.constructs,
    });
    expect(manifest.devDependencies["cdktf-cli"]).toBe(pins["cdktf-cli"]);
    // npm 12 runs no dependency install script the app does not allow: cdktf-cli's terminal module needs one.
    expect(manifest.allowScripts).toEqual({ "@cdktf/node-pty-prebuilt-multiarch": true, [`file:${result.tarball}`]: false });
    expect(manifest.devDependencies.typescript).toMatch(/^5\./);
    expect(JSON.parse(fs.readFileSync(path.join(result.initApp, "cdktf.json"), "utf8")).language).toBe("typescript");
  });

  test("init refuses a folder that is not empty (exit 1) and a missing folder argument (exit 2), writing nothing", () => {
    const bin = path.join(result.app, "node_modules", ".bin", "cdktf-authentik-cloudflare-access");
    const run = (args: string[]) => spawnSync(bin, ["init", ...args], { cwd: path.dirname(result.initApp), encoding: "utf8" });
    const before = fs.readFileSync(path.join(result.initApp, "main.ts"), "utf8");
    const existing = run(["new-app"]);
    expect(existing.status).toBe(1);
    expect(existing.stderr).toMatch(/new-app exists and is not an empty folder/);
    expect(fs.readFileSync(path.join(result.initApp, "main.ts"), "utf8")).toBe(before);
    expect(run([]).status).toBe(2);
  });

  test("the main.ts init writes type-checks against the installed package and synthesises one protected application", () => {
    // Compiled with this repository's TypeScript, as a file of the consumer app: it resolves the installed package.
    const main = path.join(result.app, "init-main.ts");
    fs.copyFileSync(path.join(result.initApp, "main.ts"), main);
    const options = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    };
    const program = ts.createProgram([main], options);
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
    const js = ts.transpileModule(fs.readFileSync(main, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    fs.writeFileSync(path.join(result.app, "init-main.js"), js.outputText);
    const outdir = path.join(result.app, "init-out");
    execFileSync(process.execPath, ["init-main.js"], { cwd: result.app, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: "pipe" });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "access", "cdk.tf.json"), "utf8"));
    const applications = Object.values(json.resource.cloudflare_zero_trust_access_application) as any[];
    expect(applications.map((a) => a.domain)).toEqual(["app.company.com"]);
    expect(Object.keys(json.resource.authentik_provider_oauth2)).toHaveLength(1);
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining(["authentik_url", "application_slug", "identity_provider_id", "client_id"]),
    );
  });
});
