import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/**
 * Packs the library as `npm publish` would and installs the tarball into a fresh app
 * that has only cdktf, constructs and the prebuilt Cloudflare provider, then uses it
 * from plain JavaScript the way a user's existing CDKTF app would.
 */
describe("the packed tarball in a fresh CDKTF app", () => {
  let work: string;
  let files: string[];
  let result: any;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-consumer-"));
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
        cwd: ROOT,
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
    fs.writeFileSync(
      path.join(app, "main.js"),
      `
const { App, TerraformStack } = require("cdktf");
const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
const { AuthentikCloudflareAccess, authentik } = require("cdktf-authentik-cloudflare-access");

const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, "access");
new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "\${var.token}" });
new CloudflareProvider(stack, "cloudflare", {});
const access = new AuthentikCloudflareAccess(stack, "access", {
  teamName: "company",
  authentikUrl: "https://authentik.company",
  accountId: "0123456789abcdef0123456789abcdef",
});
app.synth();
let badInput;
try {
  new AuthentikCloudflareAccess(stack, "bad", { teamName: "Company", authentikUrl: "https://authentik.company", accountId: "0123456789abcdef0123456789abcdef" });
} catch (e) {
  badInput = e.message;
}
const loaded = Object.keys(require.cache).filter((f) => f.includes("@cdktf/provider-cloudflare"));
console.log(JSON.stringify({ certsUrl: access.certsUrl, badInput, loaded }));
`,
    );
    const outdir = path.join(app, "cdktf.out");
    const printed = JSON.parse(execFileSync(process.execPath, ["main.js", outdir], { cwd: app, encoding: "utf8" }));
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
    expect(result.json.terraform.required_providers.authentik).toEqual({ source: "goauthentik/authentik", version: "2026.5.0" });
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
