/**
 * `npm run bench`: import cost, synth cost and `cdktf synth` wall time, all measured
 * in this run on this machine, each in fresh Node processes. Prints a table; with
 * `--write` (`npm run bench -- --write`) it also rewrites BENCHMARKS.md. Figures are
 * medians with min and max; compare ratios, not absolutes. Leaves no files behind.
 *
 * Environment: BENCH_RUNS (default 7) runs per load row; BENCH_SYNTH_RUNS (default 5)
 * per synth row (3 for 1000 integrations); BENCH_CLI_RUNS (default 9) per `cdktf synth`;
 * BENCH_APPLICATION_RUNS (default 9) rounds of the protected-applications rows, per Node version;
 * BENCH_NODES (comma-separated paths) further Node binaries for those rows. BENCH_ONLY=apps runs
 * only those rows (for profiling; it never writes BENCHMARKS.md).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = path.join(ROOT, "dist", "lib", "index.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SYNTH_RUNS = Number(process.env.BENCH_SYNTH_RUNS ?? 5);
const CLI_RUNS = Number(process.env.BENCH_CLI_RUNS ?? 9);
const APPLICATION_RUNS = Number(process.env.BENCH_APPLICATION_RUNS ?? 9);
const APPLICATION_COUNTS = [1000, 3000];
const ONLY = process.env.BENCH_ONLY;
/** Further Node binaries (comma-separated paths) whose apps rows are measured too, e.g. the Node 22 and 24 of `.ci/node`. */
const EXTRA_NODES = (process.env.BENCH_NODES ?? "").split(",").filter((node) => node !== "");

interface Sample {
  ms: number;
  rssMb: number;
}

interface Stats {
  median: number;
  min: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

function fmt(s: Stats, digits = 0): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** Runs `body` in a fresh process of `node` (this one by default); it must print one JSON Sample. */
function sample(body: string, node = process.execPath, env: Record<string, string> = {}): Sample {
  const out = execFileSync(node, ["-e", body], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop() as string);
}

function loadSample(requires: string[]): Sample {
  const list = JSON.stringify(requires);
  return sample(`
    const t0 = performance.now();
    for (const m of ${list}) require(m);
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1048576 }));
  `);
}

function synthSample(count: number): Sample {
  return sample(`
    const fs = require("fs"), os = require("os"), path = require("path");
    const t0 = performance.now();
    const { App, TerraformStack } = require("cdktf");
    const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
    const { AuthentikCloudflareAccess, authentik } = require(${JSON.stringify(PACKAGE)});
    const loaded = performance.now();
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-bench-"));
    process.on("exit", () => fs.rmSync(outdir, { recursive: true, force: true }));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "bench");
    new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "t" });
    new CloudflareProvider(stack, "cloudflare", {});
    for (let i = 0; i < ${count}; i++) {
      new AuthentikCloudflareAccess(stack, "access-" + i, {
        teamName: "team-" + i,
        authentikUrl: "https://authentik.company",
        accountId: "0123456789abcdef0123456789abcdef",
        applicationName: "Cloudflare Access " + i,
        applicationSlug: "cloudflare-access-" + i,
        bindings: { groupNames: ["staff"], userIds: [i + 1] },
      });
    }
    app.synth();
    const ms = performance.now() - loaded;
    console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, loadMs: loaded - t0 }));
  `);
}

/**
 * The modules an apps sample loads: the cdktf edition (this package's dist and @cdktf/provider-cloudflare),
 * or the cdktn edition (its build, with the Cloudflare bindings it generates and bundles), and its environment.
 */
interface Edition {
  readonly label: string;
  /** The framework module (cdktf or cdktn). */
  readonly core: string;
  /** The Cloudflare binding module `name`, e.g. provider or zero-trust-access-policy. */
  readonly cloudflare: (name: string) => string;
  readonly library: string;
  readonly env: Record<string, string>;
}

const CDKTF_EDITION: Edition = {
  label: "",
  core: "cdktf",
  cloudflare: (name) => `@cdktf/provider-cloudflare/lib/${name}`,
  library: PACKAGE,
  env: {},
};

const CDKTN_TOOLS = path.join(ROOT, "editions", "cdktn");
const CDKTN_BUILD = path.join(CDKTN_TOOLS, "build", "dist");

/** The cdktn edition, built from the current sources (as `npm run package` does); undefined when its tooling is not installed. */
function cdktnEdition(): Edition | undefined {
  if (!fs.existsSync(path.join(CDKTN_TOOLS, "node_modules", "cdktn"))) {
    process.stderr.write("bench: no cdktn rows (run `npm run package` once to install the cdktn edition's tooling)\n");
    return undefined;
  }
  const pack = fs.mkdtempSync(path.join(os.tmpdir(), "acca-cdktn-"));
  try {
    execFileSync(
      process.execPath,
      [
        path.join(CDKTN_TOOLS, "node_modules", "ts-node", "dist", "bin.js"),
        "-P",
        path.join(CDKTN_TOOLS, "tsconfig.json"),
        path.join(CDKTN_TOOLS, "build.ts"),
        pack,
      ],
      { cwd: ROOT, env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" }, stdio: ["ignore", "ignore", "inherit"] },
    );
  } finally {
    fs.rmSync(pack, { recursive: true, force: true });
  }
  return {
    label: "cdktn edition",
    core: path.join(CDKTN_TOOLS, "node_modules", "cdktn"),
    cloudflare: (name) => path.join(CDKTN_BUILD, ".gen", "providers", "cloudflare", name),
    library: path.join(CDKTN_BUILD, "lib", "index.js"),
    env: {},
  };
}

/**
 * The "direct" side of an apps sample, as JavaScript source: one reusable policy and one self-hosted
 * application written with the bindings, for `domain`, `group` and `i`. The sample places it both in the
 * loop and in a function, so the two direct sides run the same code at different stack depths.
 */
const DIRECT_BINDINGS = `
  const include = [{ oidc: { claimName: "groups", claimValue: group, identityProviderId: access.identityProviderId } }];
  const policy = new ZeroTrustAccessPolicy(stack, "policy-" + i, { accountId, name: "Allow " + domain, decision: "allow", include, sessionDuration: "24h" });
  new ZeroTrustAccessApplication(stack, "application-" + i, {
    accountId,
    type: "self_hosted",
    name: domain,
    domain,
    destinations: [{ type: "public", uri: domain }],
    allowedIdps: [access.identityProviderId],
    autoRedirectToIdentity: true,
    sessionDuration: "24h",
    policies: [{ id: policy.id, precedence: 1 }],
  });`;

/** How the protected applications of an apps sample are written. */
type ApplicationsSide = "protectApplication" | "constructor" | "direct-nested" | "direct";

/**
 * `count` protected applications (one authentik group each) on one integration: through
 * `protectApplication`, through the public `ProtectedApplication` constructor, or the same Cloudflare
 * resources (a reusable policy and a self-hosted application per call) written directly with the
 * bindings: in the loop, or in a function called through another ("direct-nested": the same code
 * two stack frames deeper, as the library's resources are, which costs because cdktf records the
 * whole stack in every token it creates). CPU time (user + system, all threads) of construct and synth, after loading: on a shared
 * machine it varies far less than wall time. `resources` counts what was synthesised, so the sides can
 * be checked to write the same number of resources.
 */
function applicationsSample(count: number, side: ApplicationsSide, node: string, edition: Edition): Sample & { resources: number } {
  return sample(
    `
    const fs = require("fs"), os = require("os"), path = require("path");
    const { App, TerraformStack } = require(${JSON.stringify(edition.core)});
    const { CloudflareProvider } = require(${JSON.stringify(edition.cloudflare("provider"))});
    const { ZeroTrustAccessApplication } = require(${JSON.stringify(edition.cloudflare("zero-trust-access-application"))});
    const { ZeroTrustAccessPolicy } = require(${JSON.stringify(edition.cloudflare("zero-trust-access-policy"))});
    const { AuthentikCloudflareAccess, ProtectedApplication, authentik } = require(${JSON.stringify(edition.library)});
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-bench-"));
    process.on("exit", () => fs.rmSync(outdir, { recursive: true, force: true }));
    const cpu0 = process.cpuUsage();
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "bench");
    new authentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "t" });
    new CloudflareProvider(stack, "cloudflare", {});
    const accountId = "0123456789abcdef0123456789abcdef";
    const access = new AuthentikCloudflareAccess(stack, "access", {
      teamName: "company",
      authentikUrl: "https://authentik.company",
      accountId,
      claims: ["groups"],
      scopes: ["openid", "email", "profile"],
    });
    function direct(domain, group, i) {
      ${DIRECT_BINDINGS}
    }
    function nested(domain, group, i) {
      return direct(domain, group, i);
    }
    for (let i = 0; i < ${count}; i++) {
      const domain = "app-" + i + ".company.com";
      const group = "team-" + i;
      switch (${JSON.stringify(side)}) {
        case "direct": {
          // The body of direct(), written in the loop itself.
          ${DIRECT_BINDINGS}
          break;
        }
        case "direct-nested":
          nested(domain, group, i);
          break;
        case "constructor":
          new ProtectedApplication(access, "app-" + i, { integration: access, domain, allowGroups: [group] });
          break;
        default:
          access.protectApplication("app-" + i, { domain, allowGroups: [group] });
      }
    }
    app.synth();
    const cpu = process.cpuUsage(cpu0);
    const ms = (cpu.user + cpu.system) / 1000;
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8"));
    const resources = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, resources }));
  `,
    node,
    edition.env,
  ) as Sample & { resources: number };
}

function cliSynth(dir: string, app?: string): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-cli-"));
  const t0 = performance.now();
  const result = spawnSync(
    path.join(ROOT, "node_modules", ".bin", "cdktf"),
    ["synth", "--output", outdir, ...(app ? ["--app", app] : [])],
    {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
      encoding: "utf8",
    },
  );
  const ms = performance.now() - t0;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(`cdktf synth failed in ${dir}:\n${result.stdout}${result.stderr}`);
  }
  return ms;
}

/** An app with the same app command as ours that declares only the Cloudflare identity provider. */
function trivialApp(): string {
  // Inside the project, so that it resolves cdktf and the TypeScript loader exactly as main.ts does; removed afterwards.
  const dir = fs.mkdtempSync(path.join(ROOT, ".bench-trivial-app-"));
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
  fs.writeFileSync(
    path.join(dir, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: config.app,
      projectId: "bench-trivial",
      sendCrashReports: "false",
      terraformProviders: [],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "main.ts"),
    `import { App, TerraformStack } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZeroTrustAccessIdentityProvider } from "@cdktf/provider-cloudflare/lib/zero-trust-access-identity-provider";
const app = new App();
const stack = new TerraformStack(app, "trivial");
new CloudflareProvider(stack, "cloudflare", {});
new ZeroTrustAccessIdentityProvider(stack, "idp", {
  accountId: "0123456789abcdef0123456789abcdef",
  name: "authentik",
  type: "oidc",
  config: { clientId: "id", clientSecret: "secret", authUrl: "https://a/", tokenUrl: "https://a/t", certsUrl: "https://a/j" },
});
app.synth();
`,
  );
  return dir;
}

function main(): void {
  const loadAtStart = os.loadavg()[0];
  if (!fs.existsSync(PACKAGE)) {
    throw new Error(`${PACKAGE} is missing: run \`npm run build\` first (npm run bench does)`);
  }
  const rows: string[][] = [];
  const loads: Record<string, Stats> = {};
  if (ONLY !== "apps") {
    const loadCases: Array<[string, string[]]> = [
      ['`require("cdktf")`', ["cdktf"]],
      ['`require("@cdktf/provider-cloudflare")` (root)', ["@cdktf/provider-cloudflare"]],
      [
        "deep import: cdktf + identity provider + provider modules",
        ["cdktf", "@cdktf/provider-cloudflare/lib/zero-trust-access-identity-provider", "@cdktf/provider-cloudflare/lib/provider"],
      ],
      ['**this package** (`require("cdktf-authentik-cloudflare-access")`)', [PACKAGE]],
    ];
    // Round-robin over the cases so drift on a shared machine hits every row alike.
    for (const [, requires] of loadCases) loadSample(requires); // warm the file system cache
    const loadSamples: Sample[][] = loadCases.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      process.stderr.write(`bench: load round ${run + 1}/${RUNS}\n`);
      loadCases.forEach(([, requires], index) => loadSamples[index].push(loadSample(requires)));
    }
    loadCases.forEach(([label], index) => {
      const ms = stats(loadSamples[index].map((s) => s.ms));
      loads[label] = ms;
      rows.push(["load", label, fmt(ms), fmt(stats(loadSamples[index].map((s) => s.rssMb))), ""]);
    });
    const deep = loads[loadCases[2][0]].median;
    const pkg = loads[loadCases[3][0]].median;
    rows[3][4] = `${(pkg / deep).toFixed(2)}× deep import (target ≤ 1.3×)`;

    const synth: Record<number, Stats> = {};
    for (const count of [1, 10, 100, 1000]) {
      process.stderr.write(`bench: synth ${count}\n`);
      const runs = count >= 1000 ? Math.min(3, SYNTH_RUNS) : SYNTH_RUNS;
      const samples = Array.from({ length: runs }, () => synthSample(count));
      const ms = stats(samples.map((s) => s.ms));
      synth[count] = ms;
      const rss = stats(samples.map((s) => s.rssMb));
      rows.push([
        "synth",
        `${count} integration${count > 1 ? "s" : ""}`,
        fmt(ms),
        fmt(rss),
        `${(ms.median / count).toFixed(2)} ms/integration`,
      ]);
    }
    rows[rows.length - 1][4] += `; t(1000)/t(100) = ${(synth[1000].median / synth[100].median).toFixed(2)} (target ≤ 11)`;
  }

  // Side by side: the four ways alternate within each round, so drift on a shared machine hits them alike; each
  // round gives a ratio to the direct bindings, and the note also reports the median of those paired ratios.
  // The cdktf edition on each Node; then the cdktn edition, with and without cdktn's switch for token stack traces.
  const runs: Array<{ node: string; edition: Edition }> = [process.execPath, ...EXTRA_NODES].map((node) => ({
    node,
    edition: CDKTF_EDITION,
  }));
  const cdktn = cdktnEdition();
  if (cdktn !== undefined) {
    runs.push({ node: process.execPath, edition: cdktn });
    runs.push({
      node: process.execPath,
      edition: { ...cdktn, label: "cdktn edition, CDKTN_DISABLE_CREATION_STACK=1", env: { CDKTN_DISABLE_CREATION_STACK: "1" } },
    });
  }
  const sideNames: ApplicationsSide[] = ["protectApplication", "constructor", "direct-nested", "direct"];
  for (const { node, edition } of runs) {
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const label = `${edition.label ? `${edition.label}, ` : ""}Node ${version}`;
    for (const count of APPLICATION_COUNTS) {
      const sides: Array<Array<Sample & { resources: number }>> = sideNames.map(() => []);
      applicationsSample(count, "protectApplication", node, edition); // warm-up
      for (let run = 0; run < APPLICATION_RUNS; run++) {
        process.stderr.write(`bench: ${count} protected applications (${label}), round ${run + 1}/${APPLICATION_RUNS}\n`);
        sideNames.forEach((side, index) => sides[index].push(applicationsSample(count, side, node, edition)));
      }
      const counts = new Set(sides.flat().map((s) => s.resources));
      if (counts.size !== 1) throw new Error(`the sides synthesised different numbers of resources: ${[...counts].join(", ")}`);
      const direct = sides[sideNames.indexOf("direct")];
      const directMedian = stats(direct.map((s) => s.ms)).median;
      const n = count.toLocaleString("en");
      const what: Record<ApplicationsSide, string> = {
        protectApplication: `${n} \`protectApplication\` calls`,
        constructor: `${n} \`new ProtectedApplication\` (the public constructor)`,
        "direct-nested": `the same ${n} applications written with the bindings, two function calls deep`,
        direct: `the same ${n} applications written with the bindings`,
      };
      sideNames.forEach((side, index) => {
        const samples = sides[index];
        const median = stats(samples.map((s) => s.ms)).median;
        const paired = stats(samples.map((s, run) => s.ms / direct[run].ms)).median;
        rows.push([
          "apps",
          `${label}: ${what[side]}`,
          fmt(stats(samples.map((s) => s.ms))),
          fmt(stats(samples.map((s) => s.rssMb))),
          side === "direct"
            ? `${[...counts][0]} resources`
            : `${(median / directMedian).toFixed(2)}× direct bindings (paired: ${paired.toFixed(2)}×)${side === "direct-nested" ? "" : "; target ≤ 1.1×"}`,
        ]);
      });
    }
  }

  if (ONLY !== "apps") {
    // Side by side: the example and a trivial app alternate, so drift on a shared machine hits both alike.
    const trivial = trivialApp();
    const apps: Array<[string, string, string | undefined]> = [
      ["`cdktf synth`: example app (main.ts)", ROOT, undefined],
      ["`cdktf synth`: trivial app (identity provider only)", trivial, undefined],
      [
        "`cdktf synth`: example app with the previous loader (ts-node transpile-only)",
        ROOT,
        "node --require ts-node/register/transpile-only main.ts",
      ],
    ];
    const cliSamples: number[][] = apps.map(() => []);
    try {
      apps.forEach(([, dir, app]) => cliSynth(dir, app)); // warm-up
      for (let run = 0; run < CLI_RUNS; run++) {
        process.stderr.write(`bench: cdktf synth round ${run + 1}/${CLI_RUNS}\n`);
        apps.forEach(([, dir, app], index) => cliSamples[index].push(cliSynth(dir, app)));
      }
    } finally {
      fs.rmSync(trivial, { recursive: true, force: true });
    }
    const [example, plain, previous] = cliSamples.map(stats);
    rows.push(["cli", apps[0][0], fmt(example), "", `${(example.median / plain.median).toFixed(2)}× trivial app (target ≤ 1.15×)`]);
    rows.push(["cli", apps[1][0], fmt(plain), "", ""]);
    rows.push(["cli", apps[2][0], fmt(previous), "", `${(previous.median / plain.median).toFixed(2)}× trivial app`]);
  }

  const header = ["kind", "what", "time ms: median (min–max)", "RSS MB: median (min–max)", "note"];
  const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end`;
  const doc = `# Benchmarks

Measured by \`npm run bench\` (bench/bench.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Every row is from the same run; each sample is a fresh Node process. Load rows: ${RUNS} runs, time spent in
\`require()\` and RSS after it. Synth rows: ${SYNTH_RUNS} runs (3 for 1000), time to construct and \`app.synth()\`
after loading, and peak RSS of the process (each integration with two bindings). Apps rows: ${APPLICATION_RUNS} rounds
per Node version, each running the four sides in turn: one integration with N \`protectApplication\` calls (one
authentik group each), the same through the public \`ProtectedApplication\` constructor, and the same N reusable
policies and applications written directly with the bindings, once inside a function called through another and once
in the loop itself; CPU time (user + system) of construct and \`app.synth()\` after loading, which a shared machine
disturbs far less than wall time. The ratio is of medians; the paired ratio is the median over rounds of each
round's ratio to the direct side. The cdktn rows use the cdktn edition, which the bench builds from the same
sources (as \`npm run package\` does), with the Cloudflare bindings it generates and bundles on every side. CLI rows: ${CLI_RUNS} runs of
\`cdktf synth\` wall time (after one warm-up), with the app command from cdktf.json (\`${JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app}\`).
${process.env.BENCH_NODES ? `Further Node versions for the apps rows: \`BENCH_NODES=${EXTRA_NODES.map((node) => path.relative(ROOT, node)).join(",")}\`.\n` : ""}
${table}

## Why the apps rows differ

Every token cdktf 0.21 creates records the whole JavaScript stack at that moment (its \`creationStack\`), as text,
and keeps it for the life of the process. The Cloudflare bindings create 19 such tokens per protected application
in their constructors, whoever calls them. \`protectApplication\` calls those constructors two frames deeper than a
loop that calls the bindings itself (the method, then the \`ProtectedApplication\` constructor), the public
constructor one frame deeper, and each frame of the library names a file under \`node_modules\`, so every one of
those stacks is longer to capture, to format and to keep. The rows "two function calls deep" run the same direct
code under two plain functions of this script (short frames): part of that cost, with no library code in it.

The cdktn edition rows separate the causes. cdktn 0.24, the successor of cdktf, captures the same stacks unless
\`CDKTN_DISABLE_CREATION_STACK=1\` is set; with it set, what is left between the sides is the library's own work:
checking the options, the construct that scopes each application (a longer path and hashed logical ids at synth),
and the destination claims. cdktf 0.21 has no such switch, and the library does not patch cdktf's internals. What
the switch costs: an error about an unresolved token can no longer say where the token was created.

Samples on a small shared machine are noisy, and at times bimodal: V8 sometimes runs a whole synth in a slow mode
(several times the scavenge time for the same number of scavenges, and some 80 MB more RSS), on any side, the
direct one included, but most often on the library's sides in the cdktn rows with the switch set, at 1,000
applications. What decides it was not found, so count it as part of what the library costs there. Compare the
ranges and the paired ratios, not only the medians.
`;
  if (process.argv.includes("--write") && !ONLY) {
    fs.writeFileSync(path.join(ROOT, "BENCHMARKS.md"), doc);
  }
  console.log(table);
}

main();
