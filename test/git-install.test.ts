import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { devDependencies, ROOT, sourceCopy } from "./pack";

/**
 * The README's git route: `npm install git+<url>` of a clone. npm clones it, installs its dev dependencies
 * and runs `prepare`, which builds dist/ (scripts/prepare.js); without it the package has no compiled code.
 * The clone is a git repository made from the working tree, installed by `git+file://` into a fresh app
 * that allows the library's `prepare` in `allowScripts` (npm 11.16+ warns otherwise; npm 12 skips it).
 */
describe("npm install git+file:// of a clone in a fresh CDKTF app", () => {
  let work: string;
  let installed: string;
  let report: any;
  let json: any;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "acca-git-"));
    const source = sourceCopy(work);
    fs.unlinkSync(path.join(source, "node_modules"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
        cwd: source,
        stdio: "pipe",
      });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "the working tree");
    expect(fs.existsSync(path.join(source, "dist"))).toBe(false);

    const url = `git+file://${source}`;
    const pins = devDependencies();
    const app = path.join(work, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "git-consumer-app",
        private: true,
        dependencies: {
          cdktf: pins.cdktf,
          constructs: pins.constructs,
          "@cdktf/provider-cloudflare": pins["@cdktf/provider-cloudflare"],
          "cdktf-authentik-cloudflare-access": url,
        },
        allowScripts: { [url]: true },
      }),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app, stdio: "pipe" });
    installed = path.join(app, "node_modules", "cdktf-authentik-cloudflare-access");
    fs.copyFileSync(path.join(ROOT, "test", "fixtures", "consumer-app.js"), path.join(app, "consumer-app.js"));
    const outdir = path.join(app, "cdktf.out");
    execFileSync(process.execPath, ["consumer-app.js", "cdktf", outdir], { cwd: app, stdio: "pipe" });
    report = JSON.parse(fs.readFileSync(path.join(app, "consumer-report.json"), "utf8"));
    json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "access", "cdk.tf.json"), "utf8"));
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the installed package holds the library compiled by prepare, and no sources or dev tooling", () => {
    expect(fs.existsSync(path.join(installed, "dist", "lib", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", ".gen", "providers", "authentik", "provider", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "lib"))).toBe(false);
    expect(fs.existsSync(path.join(installed, "node_modules"))).toBe(false);
  });

  test("it synthesises from plain JavaScript and raises the documented error for bad input", () => {
    expect(report.certsUrl).toBe("https://authentik.company/application/o/cloudflare-access/jwks/");
    expect(Object.keys(json.resource.authentik_provider_oauth2)).toHaveLength(1);
    expect(report.badInput).toMatch(/^AuthentikCloudflareAccess at access\/bad: invalid teamName "Company"/);
  });
});
