import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";

/** What scripts/build-providers.sh wrote about the CLI and the mirror it built. */
export interface ProvidersInfo {
  readonly cli: string;
  readonly cliName: string;
  readonly cliVersion: string;
  readonly cliConfigFile: string;
  readonly mirror: string;
  readonly providers: Record<string, string>;
}

const INFO_FILE = path.join(process.env.PROVIDERS_DIR ?? path.resolve(__dirname, "..", "..", ".providers"), "providers.json");

export function providersInfo(): ProvidersInfo {
  if (!fs.existsSync(INFO_FILE)) {
    throw new Error(`${INFO_FILE} is missing: run \`npm run providers\` first to build the providers into the local mirror`);
  }
  return JSON.parse(fs.readFileSync(INFO_FILE, "utf8"));
}

/** Environment for the CLI: offline, from the local mirror only. cdktf's matchers read it too. */
export function terraformEnv(info: ProvidersInfo = providersInfo()): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: info.cliConfigFile,
    TERRAFORM_BINARY_NAME: info.cli,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
}

/** Runs the CLI with the offline environment in `cwd` (stdin from `input`) and returns what it printed; throws on failure. */
export function cli(args: string[], cwd: string, input?: string, info: ProvidersInfo = providersInfo()): string {
  return execFileSync(info.cli, args, {
    cwd,
    env: terraformEnv(info),
    encoding: "utf8",
    input,
    stdio: "pipe",
    maxBuffer: 512 * 1024 * 1024,
  });
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly errorCount: number;
  /** `severity: summary (detail) at address` for each diagnostic. */
  readonly diagnostics: string[];
  readonly workingDirectory: string;
}

function run(info: ProvidersInfo, args: string[], cwd: string): string {
  try {
    return execFileSync(info.cli, args, { cwd, env: terraformEnv(info), encoding: "utf8", stdio: "pipe" });
  } catch (error: any) {
    if (args[0] === "validate" && error.stdout) {
      return error.stdout;
    }
    throw new Error(`${info.cliName} ${args.join(" ")} failed in ${cwd}:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** `terraform init` (offline, through the mirror) and `terraform validate -json` on a synthesised directory. */
export function validateDirectory(workingDirectory: string, info: ProvidersInfo = providersInfo()): ValidateResult {
  run(info, ["init", "-input=false", "-backend=false", "-no-color"], workingDirectory);
  const result = JSON.parse(run(info, ["validate", "-json", "-no-color"], workingDirectory));
  const diagnostics = (result.diagnostics ?? []).map((d: any) => {
    const where = d.address ?? d.range?.filename ?? "";
    return `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ""}${where ? ` at ${where}` : ""}`;
  });
  return { valid: result.valid, errorCount: result.error_count, diagnostics, workingDirectory };
}

const synthesised: string[] = [];
// Every synthesised folder (with its .terraform) is removed after the test file: the run fails on leftovers.
afterAll(() => synthesised.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** `Testing.fullSynth`, with the folder removed after the test file. */
export function fullSynth(stack: TerraformStack): string {
  const outdir = Testing.fullSynth(stack);
  synthesised.push(outdir);
  return outdir;
}

/** Synthesises a stack as `cdktf synth` would and validates it with the real CLI. */
export function validateStack(stack: TerraformStack, info: ProvidersInfo = providersInfo()): ValidateResult {
  const outdir = fullSynth(stack);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const entry = manifest.stacks[stack.node.id];
  return validateDirectory(path.join(outdir, entry.workingDirectory), info);
}
