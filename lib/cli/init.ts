import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

/**
 * `cdktf-authentik-cloudflare-access init <dir>`: writes a new CDKTF app that protects one
 * application, with the versions this package is tested with. `npm install && npx cdktf synth`
 * in that folder then works as is.
 *
 * It exists because the upstream route (`cdktf init --template=typescript`) does not start: the
 * template asks for `typescript` ^7 next to ts-jest 29 (whose peer range stops below 7), so adding
 * any package fails with ERESOLVE, and it does not install `cdktf-cli`, so `npx cdktf synth` cannot
 * find an executable. The app written here pins TypeScript 5, has no test tooling and lists
 * `cdktf-cli` as a dev dependency.
 */

export const USAGE = `Usage: cdktf-authentik-cloudflare-access init <dir> [--library <npm spec>]

Writes a new CDKTF app in <dir> (created if missing, refused if not empty) that protects one
application behind authentik with Cloudflare Access: package.json with the versions this
package is tested with, cdktf.json, tsconfig.json, main.ts and a README. Then:

  cd <dir> && npm install && npx cdktf synth

Flags:
  --library <spec>   what package.json installs the library from: a version, a tarball path
                     (e.g. ../cdktf-authentik-cloudflare-access-0.1.0.tgz) or a git URL
                     (git+https://..., git+file://...). Default: this package's version, which
                     needs the package on the npm registry.
  -h, --help         print this text

Exit status: 0 when the app was written, 1 when it could not be, 2 on a usage error.`;

const PACKAGE_NAME = "cdktf-authentik-cloudflare-access";

/** The packages the app depends on: the versions this package is built and tested with (its devDependencies). */
const APP_DEPENDENCIES = ["cdktf", "constructs", "@cdktf/provider-cloudflare"];
const APP_DEV_DEPENDENCIES = ["cdktf-cli", "typescript", "ts-node", "@types/node"];

interface OwnPackage {
  readonly version: string;
  readonly devDependencies: Record<string, string>;
}

/** This package's package.json: two folders up from lib/cli, three from dist/lib/cli. */
function readOwnPackage(): OwnPackage {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      if (manifest.name === PACKAGE_NAME) return manifest;
    }
  }
  throw new Error(`the package.json of ${PACKAGE_NAME} was not found above ${__dirname}`);
}

/** A git URL is kept as written; a path (a tarball or a folder) becomes an absolute `file:` spec. */
export function librarySpec(spec: string, cwd: string): string {
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec)) return spec;
  if (spec.startsWith("file:")) return `file:${path.resolve(cwd, spec.slice("file:".length))}`;
  if (spec.startsWith(".") || spec.startsWith("/") || spec.endsWith(".tgz")) return `file:${path.resolve(cwd, spec)}`;
  return spec;
}

function isGitSpec(spec: string): boolean {
  return /^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec);
}

/** npm-style package name from a folder name. */
function appName(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return name || "access-app";
}

function pinned(own: OwnPackage, names: string[]): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const name of names) {
    const version = own.devDependencies[name];
    if (!version) throw new Error(`${PACKAGE_NAME}'s package.json pins no ${name}`);
    pins[name] = version;
  }
  return pins;
}

/**
 * The consumer's `allowScripts` (npm 11.16+ warns about dependency install scripts it does not cover, npm 12
 * skips them): cdktf-cli needs the native terminal module its dependency builds, or `cdktf synth` fails with
 * MODULE_NOT_FOUND; a git dependency's `prepare` builds the library; a tarball is built already.
 */
function allowScripts(library: string): Record<string, boolean> {
  const allowed: Record<string, boolean> = { "@cdktf/node-pty-prebuilt-multiarch": true };
  if (isGitSpec(library)) allowed[library] = true;
  else if (library.startsWith("file:") && library.endsWith(".tgz")) allowed[library] = false;
  return allowed;
}

/** The files of the new app, by relative path. */
export function appFiles(dir: string, library: string, own: OwnPackage = readOwnPackage()): Record<string, string> {
  const dependencies = { ...pinned(own, APP_DEPENDENCIES), [PACKAGE_NAME]: library };
  const manifest: Record<string, unknown> = {
    name: appName(dir),
    version: "0.1.0",
    private: true,
    scripts: {
      synth: "cdktf synth",
      diff: "cdktf diff",
      deploy: "cdktf deploy",
      typecheck: "tsc --noEmit",
    },
    dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
    devDependencies: pinned(own, APP_DEV_DEPENDENCIES),
  };
  manifest.allowScripts = allowScripts(library);
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
    "cdktf.json": `${JSON.stringify(
      {
        language: "typescript",
        app: "node --require ts-node/register main.ts",
        sendCrashReports: "false",
        terraformProviders: [],
        terraformModules: [],
        context: {},
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "commonjs",
          lib: ["es2022"],
          strict: true,
          noUnusedLocals: true,
          noImplicitReturns: true,
          skipLibCheck: true,
          esModuleInterop: true,
        },
        include: ["main.ts"],
      },
      null,
      2,
    )}\n`,
    ".gitignore": ["node_modules/", "cdktf.out/", ".terraform/", "*.tfstate", "*.tfstate.*", "outputs.json", ""].join("\n"),
    "main.ts": MAIN_TS,
    "README.md": appReadme(appName(dir), library),
  };
  if (isGitSpec(library)) {
    // npm 12 fetches git dependencies only when allowed; "root": those of this package.json, not of dependencies.
    files[".npmrc"] = "allow-git=root\n";
  }
  return files;
}

const MAIN_TS = `/**
 * authentik as the Cloudflare Zero Trust Access login method, and one application behind it.
 * \`npx cdktf synth\` works as is with the example values; set the environment variables (or edit
 * the values) for your own team. API tokens are sensitive Terraform variables, set at deploy time
 * with TF_VAR_authentik_token and TF_VAR_cloudflare_api_token: never part of the synthesised JSON.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AuthentikCloudflareAccess, authentik } from "cdktf-authentik-cloudflare-access";

const settings = {
  teamName: process.env.CLOUDFLARE_TEAM_NAME ?? "company", // <team>.cloudflareaccess.com
  authentikUrl: process.env.AUTHENTIK_URL ?? "https://authentik.company",
  accountId: process.env.CLOUDFLARE_ACCOUNT_ID ?? "0123456789abcdef0123456789abcdef",
  applicationDomain: process.env.APPLICATION_DOMAIN ?? "app.company.com",
  allowedGroup: process.env.ALLOWED_GROUP ?? "authentik Admins",
};

class AccessStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const authentikToken = new TerraformVariable(this, "authentik_token", { type: "string", sensitive: true });
    const cloudflareApiToken = new TerraformVariable(this, "cloudflare_api_token", { type: "string", sensitive: true });
    new authentik.provider.AuthentikProvider(this, "authentik", {
      url: settings.authentikUrl,
      token: authentikToken.stringValue,
    });
    new CloudflareProvider(this, "cloudflare", { apiToken: cloudflareApiToken.stringValue });

    const access = new AuthentikCloudflareAccess(this, "access", {
      teamName: settings.teamName,
      authentikUrl: settings.authentikUrl,
      accountId: settings.accountId,
    });

    // Only members of this authentik group may open the application.
    const application = access.protectApplication("app", {
      domain: settings.applicationDomain,
      allowGroups: [settings.allowedGroup],
    });

    // What \`npx cdktf-authentik-cloudflare-access verify --outputs outputs.json\` reads.
    access.addVerifyOutputs();
    new TerraformOutput(this, "application_audience", { value: application.audience });
  }
}

const app = new App();
new AccessStack(app, "access");
app.synth();
`;

function appReadme(name: string, library: string): string {
  return `# ${name}

A CDKTF app written by \`npx ${PACKAGE_NAME} init\`: authentik as the Cloudflare Zero Trust Access
login method (\`AuthentikCloudflareAccess\`) and one application behind it, open to one authentik group.

Needs Node.js 22 or 24 and npm. The library comes from \`${library}\`. On Node.js 24, \`npm install\` compiles
cdktf-cli's terminal module (no prebuilt binary): it needs python3, make and a C++ compiler.

\`\`\`sh
npm install
npx cdktf synth          # writes cdktf.out/stacks/access/cdk.tf.json
\`\`\`

It synthesises as is with example values. For your team, edit \`settings\` in \`main.ts\` or set
\`CLOUDFLARE_TEAM_NAME\`, \`AUTHENTIK_URL\`, \`CLOUDFLARE_ACCOUNT_ID\`, \`APPLICATION_DOMAIN\` and \`ALLOWED_GROUP\`.

Deploy (needs Terraform or OpenTofu on the PATH):

\`\`\`sh
export TF_VAR_authentik_token=...        # authentik API token (intent "API") of an admin
export TF_VAR_cloudflare_api_token=...   # Access: Organizations, Identity Providers, and Groups Edit; Access: Apps and Policies Edit
npx cdktf diff
npx cdktf deploy
npx cdktf output --outputs-file outputs.json
CLOUDFLARE_API_TOKEN=... npx ${PACKAGE_NAME} verify --outputs outputs.json
\`\`\`

The Terraform state holds the OAuth2 client secret: keep it in an encrypted backend with access control.
\`npm run typecheck\` type-checks \`main.ts\`. The library's README documents every prop.
`;
}

/** Writes the app; returns the exit status. */
export function main(argv: string[], cwd: string, out: (line: string) => void, err: (line: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { library: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    out(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    err(`${parsed.positionals.length === 0 ? "missing <dir>" : `one <dir> expected, got ${parsed.positionals.join(" ")}`}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.library === "") {
    err(`--library is empty\n\n${USAGE}`);
    return 2;
  }

  const dir = path.resolve(cwd, parsed.positionals[0]);
  const own = readOwnPackage();
  const library = librarySpec(parsed.values.library ?? own.version, cwd);
  if (library.startsWith("file:") && !fs.existsSync(library.slice("file:".length))) {
    err(`--library ${parsed.values.library}: ${library.slice("file:".length)} does not exist`);
    return 1;
  }
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    err(`${dir} exists and is not an empty folder: choose a new one, nothing was written`);
    return 1;
  }
  const files = appFiles(dir, library, own);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), content);
    out(`wrote ${path.join(parsed.positionals[0], file)}`);
  }
  out(`\nThe library comes from ${library}. Next:\n\n  cd ${parsed.positionals[0]} && npm install && npx cdktf synth`);
  return 0;
}

export function run(argv: string[]): void {
  try {
    process.exitCode = main(
      argv,
      process.cwd(),
      (line) => console.log(line),
      (line) => console.error(line),
    );
  } catch (e) {
    console.error(`init failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
