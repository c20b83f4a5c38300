import { spawn } from "child_process";

/**
 * Terraform runs of one synthesised stack for the end-to-end suite: every command has a
 * deadline, secrets reach Terraform only as `TF_VAR_*` environment variables, and what
 * the CLI prints is redacted before it appears in an error. An error names the stack,
 * the step and what Terraform (and through it, the server) answered.
 */

export interface TerraformRunOptions {
  /** Name of the stack, for messages. */
  readonly stack: string;
  /** The synthesised stack folder (`cdktf.out/stacks/<name>`). */
  readonly workingDirectory: string;
  /** The CLI: `terraform` or `tofu`. @default "terraform" */
  readonly cli?: string;
  /** Values of the stack's Terraform variables, passed as `TF_VAR_<name>`. */
  readonly variables?: Record<string, string>;
  /** Values never to show in an error, besides the variables marked secret. */
  readonly secrets?: readonly string[];
  /** Deadline of each command in milliseconds. @default 600000 */
  readonly timeoutMs?: number;
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The last lines of what Terraform printed: enough to see the server's answer, short enough to read. */
const TAIL_LINES = 40;

export class TerraformRun {
  public readonly stack: string;
  public readonly workingDirectory: string;
  private readonly cli: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly secrets: string[];
  private readonly timeoutMs: number;

  constructor(options: TerraformRunOptions) {
    this.stack = options.stack;
    this.workingDirectory = options.workingDirectory;
    this.cli = options.cli ?? "terraform";
    this.timeoutMs = options.timeoutMs ?? 600000;
    const variables = options.variables ?? {};
    this.secrets = [...Object.values(variables), ...(options.secrets ?? [])].filter((value) => value.length >= 6);
    this.env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    };
  }

  /** `terraform init`: providers from TF_CLI_CONFIG_FILE's mirror when it names one, local state. */
  public async init(): Promise<void> {
    await this.expectExit("init", ["init", "-input=false", "-no-color"], [0]);
  }

  /** `terraform apply`, of the whole stack or only `targets` and what they depend on. */
  public async apply(targets: readonly string[] = []): Promise<void> {
    await this.expectExit("apply", ["apply", "-auto-approve", "-input=false", "-no-color", ...targetFlags(targets)], [0]);
  }

  /** Requires a plan without changes; the error shows the changes Terraform planned. */
  public async expectNoChanges(step: string, targets: readonly string[] = []): Promise<void> {
    const result = await this.detailedPlan(step, targets);
    if (result.exitCode === 2) {
      throw new Error(`${this.where(step)}: the plan after apply is not empty:\n${this.tail(result.stdout, 80)}`);
    }
  }

  /** Requires a plan with changes; returns the lines that name what changes (`~ key = old -> new`). */
  public async expectChanges(step: string, targets: readonly string[] = []): Promise<string[]> {
    const result = await this.detailedPlan(step, targets);
    if (result.exitCode === 0) {
      throw new Error(`${this.where(step)}: the plan shows no changes, where changes were expected`);
    }
    return this.redact(result.stdout)
      .split("\n")
      .filter((line) => /^\s*[~+-] /.test(line))
      .map((line) => line.trim());
  }

  private detailedPlan(step: string, targets: readonly string[]): Promise<CommandResult> {
    return this.expectExit(step, ["plan", "-detailed-exitcode", "-input=false", "-no-color", ...targetFlags(targets)], [0, 2]);
  }

  /** `terraform plan -out` then `terraform show -json` of it: what would be created, by address. */
  public async plannedCreates(step: string, extra: readonly string[] = []): Promise<string[]> {
    await this.expectExit(step, ["plan", "-input=false", "-no-color", "-lock=false", "-out=e2e.tfplan", ...extra], [0]);
    const shown = await this.expectExit(`${step} (show)`, ["show", "-json", "-no-color", "e2e.tfplan"], [0]);
    const plan = JSON.parse(shown.stdout) as { resource_changes?: Array<{ address: string; change: { actions: string[] } }> };
    return (plan.resource_changes ?? []).filter((change) => change.change.actions.includes("create")).map((change) => change.address);
  }

  /** A saved plan's resource changes: address, actions, and whether the resource is imported first. */
  public async plannedChanges(
    step: string,
    extra: readonly string[] = [],
  ): Promise<Array<{ address: string; actions: string[]; importing: boolean }>> {
    await this.expectExit(step, ["plan", "-input=false", "-no-color", "-lock=false", "-out=e2e.tfplan", ...extra], [0]);
    const shown = await this.expectExit(`${step} (show)`, ["show", "-json", "-no-color", "e2e.tfplan"], [0]);
    const plan = JSON.parse(shown.stdout) as {
      resource_changes?: Array<{ address: string; change: { actions: string[]; importing?: unknown } }>;
    };
    return (plan.resource_changes ?? []).map((c) => ({
      address: c.address,
      actions: c.change.actions,
      importing: c.change.importing !== undefined,
    }));
  }

  /** `terraform output -json`: the values, sensitive ones included (never printed by this module). */
  public async outputs(): Promise<Record<string, { value: unknown; sensitive: boolean }>> {
    const result = await this.expectExit("output", ["output", "-json", "-no-color"], [0]);
    return JSON.parse(result.stdout);
  }

  /** `terraform destroy` of everything in the state. */
  public async destroy(): Promise<void> {
    await this.expectExit("destroy", ["destroy", "-auto-approve", "-input=false", "-no-color"], [0]);
  }

  /** Resource addresses left in the state (empty after a clean destroy). */
  public async stateList(): Promise<string[]> {
    const result = await this.expectExit("state list", ["state", "list"], [0, 1]);
    return result.stdout.split("\n").filter((line) => line.trim() !== "");
  }

  /** Hides every secret in `text`. */
  public redact(text: string): string {
    return [...this.secrets].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join("(redacted)"), text);
  }

  private async expectExit(step: string, args: string[], allowed: number[]): Promise<CommandResult> {
    const result = await this.command(step, args);
    if (!allowed.includes(result.exitCode)) {
      throw new Error(
        `${this.where(step)}: \`${this.cli} ${args.join(" ")}\` exited ${result.exitCode}; Terraform said:\n` +
          this.tail(`${result.stderr}\n${result.stdout}`, TAIL_LINES),
      );
    }
    return result;
  }

  private command(step: string, args: string[]): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.cli, args, { cwd: this.workingDirectory, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      const timer = setTimeout(() => {
        child.kill("SIGINT");
        // Terraform stops cleanly on the first interrupt; a second one a while later forces it.
        setTimeout(() => child.kill("SIGKILL"), 20000).unref();
        reject(
          new Error(
            `${this.where(step)}: \`${this.cli} ${args.join(" ")}\` did not finish within ${this.timeoutMs / 1000}s; last output:\n` +
              this.tail(`${stderr}\n${stdout}`, TAIL_LINES),
          ),
        );
      }, this.timeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`${this.where(step)}: cannot run ${this.cli}: ${error.message}`));
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
      });
    });
  }

  private where(step: string): string {
    return `stack ${this.stack}, step ${step}`;
  }

  private tail(text: string, lines: number): string {
    const kept = text.trim().split("\n").slice(-lines).join("\n");
    return this.redact(kept);
  }
}

/** Addresses of the resources of a synthesised stack whose type starts with `prefix`, e.g. `authentik_`. */
export function resourceAddresses(synthesised: { resource?: Record<string, Record<string, unknown>> }, prefix: string): string[] {
  return Object.entries(synthesised.resource ?? {})
    .filter(([type]) => type.startsWith(prefix))
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

function targetFlags(targets: readonly string[]): string[] {
  return targets.map((address) => `-target=${address}`);
}
