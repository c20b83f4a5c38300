import * as fs from "fs";
import { parseArgs, ParseArgsConfig } from "util";
import { CheckResult, CLOUDFLARE_READ_PERMISSION, CloudflareSkipped, CloudflareTarget, runChecks, VerifyTarget } from "./checks";
import { runAuthentikChecks } from "./authentik-checks";
import { createHttpGet } from "./http";
import { DEFAULT_APPLICATION_SLUG, VERIFY_OUTPUT_NAMES, VerifyOutputFlag } from "./outputs";

/**
 * `cdktf-authentik-cloudflare-access verify`: reads flags and the stack's outputs,
 * runs the checks and prints one line per check. Exit status 0 when no check
 * failed, 1 when one did, 2 on a usage error.
 */

export const USAGE = `Usage: cdktf-authentik-cloudflare-access verify [flags]

Checks a deployed authentik + Cloudflare Access login method, like the "Test" button of
the guide: authentik's OpenID discovery document, issuer, endpoints and signing keys,
then (with a Cloudflare API token) the identity provider Cloudflare Access uses, and
(with an authentik API token) who can set the email addresses Cloudflare's rules trust.

Flags (the [output] in brackets is read from --outputs when the flag is left out):
  --authentik-url <url>         https origin of authentik, e.g. https://authentik.company  [authentik_url]
  --application-slug <slug>     slug of the authentik application  [application_slug]
                                (default ${DEFAULT_APPLICATION_SLUG}, the construct's default)
  --identity-provider-id <id>   Cloudflare Access identity provider (login method) id  [identity_provider_id]
  --account-id <32 hex>         Cloudflare account that owns it  [cloudflare_account_id]
  --zone-id <32 hex>            or its zone, for a zone-scoped identity provider  [cloudflare_zone_id]
  --client-id <id>              client id Cloudflare must use  [client_id]
  --outputs <file>              outputs of \`terraform output -json\` or \`cdktf deploy --outputs-file\`
  --stack <name>                stack to read when a cdktf outputs file holds several
  --output-prefix <prefix>      read outputs named <prefix>authentik_url, <prefix>application_slug, ...
                                (as written by addVerifyOutputs(prefix))
  --timeout <ms>                deadline of each request (default 10000)
  --cloudflare-api-url <url>    Cloudflare API base URL (default https://api.cloudflare.com/client/v4)
  --ca-file <pem>               extra trusted CA certificates, e.g. for authentik behind a private CA
                                (NODE_EXTRA_CA_CERTS=<pem> works too)
  -h, --help                    print this text

Environment:
  CLOUDFLARE_API_TOKEN  token with "${CLOUDFLARE_READ_PERMISSION}". It is read only
                        from the environment, never from a flag, which would leak into shell
                        history and process lists. Without it the Cloudflare checks are skipped.
  AUTHENTIK_TOKEN       authentik API token whose user may read system settings, flows and
                        stages (an admin's token). Read only from the environment, never
                        printed. With it, verify fails when users may change their own email
                        address (default_user_change_email) and warns about enrollment flows
                        that write a prompted email address without an email stage to verify it.
                        Without it these checks are skipped.

Exit status: 0 when no check failed (warnings included), 1 when a check failed, 2 on a usage error.`;

const DEFAULT_TIMEOUT_MS = 10000;
const DEFAULT_CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";
const CLOUDFLARE_ID_PATTERN = /^[0-9a-fA-F]{32}$/;
/** authentik slugs (Django SlugField). */
const SLUG_PATTERN = /^[-a-zA-Z0-9_]+$/;
const IDENTITY_PROVIDER_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** Terraform output names, per flag (before --output-prefix). */
export const OUTPUT_NAMES = VERIFY_OUTPUT_NAMES;

type OutputFlag = VerifyOutputFlag;

const FLAG_OPTIONS = {
  "authentik-url": { type: "string" },
  "application-slug": { type: "string" },
  "identity-provider-id": { type: "string" },
  "account-id": { type: "string" },
  "zone-id": { type: "string" },
  "client-id": { type: "string" },
  outputs: { type: "string" },
  stack: { type: "string" },
  "output-prefix": { type: "string" },
  timeout: { type: "string" },
  "cloudflare-api-url": { type: "string" },
  "ca-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = Partial<Record<Exclude<keyof typeof FLAG_OPTIONS, "help">, string>> & { readonly help?: boolean };

/** A mistake in how the command was called: reported with exit status 2. */
export class UsageError extends Error {}

/** A value with where it came from, so a message can name the flag or output to change. */
interface Sourced {
  readonly value: string;
  readonly source: string;
}

interface StackOutputs {
  readonly values: ReadonlyMap<string, string>;
  /** Values never to print: sensitive outputs, and outputs whose name says they are secret. */
  readonly secrets: readonly string[];
  /** How to name the file in messages. */
  readonly file: string;
  /** Prepended to every output name (--output-prefix). */
  readonly prefix: string;
}

const NO_OUTPUTS: StackOutputs = { values: new Map(), secrets: [], file: "", prefix: "" };

/** An output prefix is the start of a Terraform output name. */
const OUTPUT_PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * What every command starts with: the API tokens, read only from the environment, and a `print` that hides them
 * and every secret `hide` adds later (values read from outputs or APIs).
 */
export function commandOutput(env: NodeJS.ProcessEnv, out: (line: string) => void) {
  const authentikToken = env.AUTHENTIK_TOKEN?.trim() || undefined;
  const apiToken = env.CLOUDFLARE_API_TOKEN?.trim() || undefined;
  const secrets = [apiToken, authentikToken].filter((token): token is string => token !== undefined);
  return {
    authentikToken,
    apiToken,
    print: (line: string): void => out(redact(line, secrets)),
    hide: (more: readonly string[]): void => void secrets.push(...more),
  };
}

/** The exit status of a usage error (2), printed with where to find the command's flags; anything else is rethrown. */
export function usageErrorStatus(command: string, error: unknown, print: (line: string) => void): number {
  if (error instanceof UsageError) {
    print(`error: ${error.message}`);
    print(`Run \`cdktf-authentik-cloudflare-access ${command} --help\` for the flags.`);
    return 2;
  }
  throw error;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const { apiToken, authentikToken, print, hide } = commandOutput(env, out);
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      USAGE.split("\n").forEach((line) => print(line));
      return 0;
    }
    if (flags.outputs === undefined && flags.stack !== undefined) {
      throw new UsageError("--stack needs --outputs <file>");
    }
    const prefix = parseOutputPrefix(flags["output-prefix"], flags.outputs);
    const outputs = flags.outputs === undefined ? NO_OUTPUTS : readOutputsFile(flags.outputs, flags.stack, prefix);
    hide(outputs.secrets);
    const target = resolveTarget(flags, outputs, apiToken);
    const get = createHttpGet({ timeoutMs: parseTimeout(flags.timeout), extraCaPem: readExtraCa(flags["ca-file"], env) });
    print(`Verifying application "${target.applicationSlug}" of ${target.authentikUrl}`);
    if (pickValue(flags, outputs, "application-slug") === undefined) {
      print(
        `(no --application-slug nor output ${prefix}${OUTPUT_NAMES["application-slug"]}: using the construct's default slug "${DEFAULT_APPLICATION_SLUG}")`,
      );
    }
    const results = [...(await runChecks(target, get)), ...(await runAuthentikChecks(get, target.authentikUrl, authentikToken))];
    printResults(results, print);
    return results.some((result) => result.status === "fail") ? 1 : 0;
  } catch (error) {
    return usageErrorStatus("verify", error, print);
  }
}

/** Entry point of the command line: runs `main` and sets the exit status. */
export function run(argv: string[]): void {
  runCommand("verify", main, argv);
}

/** Runs a command's `main` with the process's environment and output, and sets the exit status (1 on a crash, secrets redacted). */
export function runCommand(
  name: string,
  commandMain: (argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void) => Promise<number>,
  argv: string[],
): void {
  commandMain(argv, process.env, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`${name} crashed: ${redact(message, [process.env.CLOUDFLARE_API_TOKEN ?? "", process.env.AUTHENTIK_TOKEN ?? ""])}`);
      process.exitCode = 1;
    },
  );
}

/** Parses a command's flags strictly; a token given as a flag, an unknown flag or a positional argument is a usage error. */
export function parseCommandFlags(argv: string[], options: NonNullable<ParseArgsConfig["options"]>): Record<string, unknown> {
  refuseTokenFlags(argv);
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs appends advice about positional arguments that does not apply here.
    throw new UsageError((error instanceof Error ? error.message : String(error)).split(". To specify")[0]);
  }
}

function parseFlags(argv: string[]): Flags {
  return parseCommandFlags(argv, FLAG_OPTIONS) as Flags;
}

/** Tokens must not become a habit on the command line, so a flag for one gets a pointed answer that does not echo it. */
export function refuseTokenFlags(argv: readonly string[]): void {
  const tokenFlag = argv.find((arg) => /^--(cloudflare-|authentik-)?(api-)?token(=|$)/.test(arg));
  if (tokenFlag !== undefined) {
    const [what, variable] = tokenFlag.startsWith("--authentik")
      ? ["authentik API token", "AUTHENTIK_TOKEN"]
      : ["Cloudflare API token", "CLOUDFLARE_API_TOKEN"];
    throw new UsageError(
      `${tokenFlag.split("=")[0]} is not a flag: set the ${what} in the environment variable ${variable}, so it stays out of shell history and process lists`,
    );
  }
}

function parseOutputPrefix(prefix: string | undefined, outputsFile: string | undefined): string {
  if (prefix === undefined) {
    return "";
  }
  if (outputsFile === undefined) {
    throw new UsageError("--output-prefix needs --outputs <file>");
  }
  if (!OUTPUT_PREFIX_PATTERN.test(prefix)) {
    throw new UsageError(
      `--output-prefix is ${JSON.stringify(prefix)}: expected the start of a Terraform output name: a letter or underscore, then letters, digits, underscores or hyphens`,
    );
  }
  return prefix;
}

function resolveTarget(flags: Flags, outputs: StackOutputs, apiToken: string | undefined): VerifyTarget {
  const pick = (flag: OutputFlag): Sourced | undefined => pickValue(flags, outputs, flag);
  const authentikUrl = parseAuthentikUrl(required(pick("authentik-url"), "authentik-url", "the https origin of authentik", outputs.prefix));
  const applicationSlug = pick("application-slug") ?? { value: DEFAULT_APPLICATION_SLUG, source: "the default --application-slug" };
  if (!SLUG_PATTERN.test(applicationSlug.value)) {
    throw new UsageError(
      `${applicationSlug.source} is ${JSON.stringify(applicationSlug.value)}: expected an authentik slug: ASCII letters, digits, hyphens (-) or underscores (_)`,
    );
  }
  return {
    authentikUrl,
    applicationSlug: applicationSlug.value,
    expectedClientId: pick("client-id")?.value,
    cloudflare: resolveCloudflare(flags, outputs, apiToken),
  };
}

function resolveCloudflare(flags: Flags, outputs: StackOutputs, apiToken: string | undefined): CloudflareTarget | CloudflareSkipped {
  const apiUrl = parseCloudflareApiUrl(flags["cloudflare-api-url"]);
  const identityProviderId = pickValue(flags, outputs, "identity-provider-id");
  if (identityProviderId !== undefined && !IDENTITY_PROVIDER_ID_PATTERN.test(identityProviderId.value)) {
    throw new UsageError(
      `${identityProviderId.source} is ${JSON.stringify(identityProviderId.value)}: expected a Cloudflare identity provider id (a UUID)`,
    );
  }
  const scope = resolveScope(flags, outputs);
  const purpose = "to compare the login method Cloudflare uses with authentik";
  if (apiToken === undefined) {
    const alsoPass = identityProviderId === undefined ? " and pass --identity-provider-id with --account-id or --zone-id" : "";
    return { skipReason: `CLOUDFLARE_API_TOKEN is not set: set it to a token with "${CLOUDFLARE_READ_PERMISSION}"${alsoPass} ${purpose}` };
  }
  if (identityProviderId === undefined) {
    return { skipReason: `no --identity-provider-id (nor output identity_provider_id): pass it with --account-id or --zone-id ${purpose}` };
  }
  if (scope === undefined) {
    throw new UsageError(
      `${identityProviderId.source} needs --account-id <32 hex> or --zone-id <32 hex> (or output cloudflare_account_id or cloudflare_zone_id) to find it`,
    );
  }
  return { apiUrl, apiToken, scope: scope.scope, scopeId: scope.id, identityProviderId: identityProviderId.value };
}

/** Flags win over outputs as a pair: `--zone-id` alone replaces an account id read from the outputs. */
function resolveScope(flags: Flags, outputs: StackOutputs): { scope: "accounts" | "zones"; id: string } | undefined {
  const fromFlags = flags["account-id"] !== undefined || flags["zone-id"] !== undefined;
  const accountId = pickValue(fromFlags ? flags : {}, fromFlags ? NO_OUTPUTS : outputs, "account-id");
  const zoneId = pickValue(fromFlags ? flags : {}, fromFlags ? NO_OUTPUTS : outputs, "zone-id");
  if (accountId !== undefined && zoneId !== undefined) {
    throw new UsageError(`set ${accountId.source} or ${zoneId.source}, not both: an identity provider belongs to an account or to a zone`);
  }
  const id = accountId ?? zoneId;
  if (id === undefined) {
    return undefined;
  }
  if (!CLOUDFLARE_ID_PATTERN.test(id.value)) {
    throw new UsageError(`${id.source} is ${JSON.stringify(id.value)}: expected 32 hexadecimal characters`);
  }
  return { scope: accountId ? "accounts" : "zones", id: id.value.toLowerCase() };
}

function pickValue(flags: Flags, outputs: StackOutputs, flag: OutputFlag): Sourced | undefined {
  const fromFlag = flags[flag];
  if (fromFlag !== undefined) {
    return { value: fromFlag, source: `--${flag}` };
  }
  const name = `${outputs.prefix}${OUTPUT_NAMES[flag]}`;
  const fromOutput = outputs.values.get(name);
  return fromOutput === undefined ? undefined : { value: fromOutput, source: `output ${name} in ${outputs.file}` };
}

function required(value: Sourced | undefined, flag: OutputFlag, what: string, prefix: string): Sourced {
  if (value === undefined || value.value.trim() === "") {
    throw new UsageError(`missing --${flag}: pass ${what}, or --outputs <file> with an output named ${prefix}${OUTPUT_NAMES[flag]}`);
  }
  return value;
}

/** The origin authentik is reached at: https only, as Cloudflare requires; a path would not be authentik's root. */
export function parseAuthentikUrl(url: Sourced): string {
  const allowed = "expected the https origin of authentik, such as https://authentik.company";
  let parsed: URL;
  try {
    parsed = new URL(url.value);
  } catch {
    throw new UsageError(`${url.source} is ${JSON.stringify(url.value)}: ${allowed}`);
  }
  if (parsed.protocol !== "https:") {
    throw new UsageError(
      `${url.source} is ${JSON.stringify(url.value)}: authentik must be reached over https, as Cloudflare does; ${allowed}`,
    );
  }
  if (parsed.pathname !== "/" || parsed.search !== "" || parsed.hash !== "" || parsed.username !== "" || parsed.password !== "") {
    throw new UsageError(`${url.source} is ${JSON.stringify(url.value)}: ${allowed}, without a path, query, fragment or credentials`);
  }
  return parsed.origin;
}

export function parseCloudflareApiUrl(url: string | undefined): string {
  if (url === undefined) {
    return DEFAULT_CLOUDFLARE_API_URL;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // The API token travels in a header, so plain http is refused even for a proxy.
  if (parsed === undefined || parsed.protocol !== "https:" || parsed.search !== "" || parsed.hash !== "") {
    throw new UsageError(`--cloudflare-api-url is ${JSON.stringify(url)}: expected an https URL such as ${DEFAULT_CLOUDFLARE_API_URL}`);
  }
  return url.replace(/\/+$/, "");
}

export function parseTimeout(timeout: string | undefined): number {
  if (timeout === undefined) {
    return DEFAULT_TIMEOUT_MS;
  }
  const milliseconds = /^\d+$/.test(timeout) ? Number(timeout) : NaN;
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 1) {
    throw new UsageError(`--timeout is ${JSON.stringify(timeout)}: expected a whole number of milliseconds, at least 1`);
  }
  return milliseconds;
}

/**
 * Trusting a CA file replaces node's default store, which is where NODE_EXTRA_CA_CERTS
 * went, so that file is read here too.
 */
export function readExtraCa(caFile: string | undefined, env: NodeJS.ProcessEnv): string[] | undefined {
  if (caFile === undefined) {
    return undefined;
  }
  const pem = readText(caFile, "--ca-file");
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UsageError(`--ca-file ${caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const nodeExtra = env.NODE_EXTRA_CA_CERTS ? readOptionalText(env.NODE_EXTRA_CA_CERTS) : undefined;
  return nodeExtra === undefined ? [pem] : [pem, nodeExtra];
}

function readText(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new UsageError(`${flag} ${file}: cannot read it (${code})`);
  }
}

function readOptionalText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

// --- outputs files -----------------------------------------------------------

/** Reads `terraform output -json` or `cdktf deploy --outputs-file` output. */
function readOutputsFile(file: string, stack: string | undefined, prefix: string): StackOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file, "--outputs"));
  } catch (error) {
    // JSON.parse quotes the text around the error, which may be a secret: say only that it is not JSON.
    throw error instanceof UsageError ? error : new UsageError(`--outputs ${file} is not valid JSON`);
  }
  if (!isRecord(parsed)) {
    throw new UsageError(`--outputs ${file} is not a JSON object of outputs`);
  }
  if (isTerraformOutputs(parsed)) {
    if (stack !== undefined) {
      throw new UsageError(
        `--stack applies to cdktf outputs files; ${file} is in \`terraform output -json\` format, which holds one stack`,
      );
    }
    return readTerraformOutputs(parsed, file, prefix);
  }
  return readCdktfOutputs(parsed, file, stack, prefix);
}

/** Every entry of `terraform output -json` is `{value, type, sensitive}`; cdktf's entries are stacks. */
function isTerraformOutputs(parsed: Record<string, unknown>): boolean {
  return Object.values(parsed).every((entry) => isRecord(entry) && "value" in entry && "type" in entry);
}

function readTerraformOutputs(parsed: Record<string, unknown>, file: string, prefix: string): StackOutputs {
  const values = new Map<string, unknown>();
  const secrets: string[] = [];
  for (const [name, entry] of Object.entries(parsed)) {
    const output = entry as Record<string, unknown>;
    values.set(name, output.value);
    if (output.sensitive === true || looksSecret(name)) {
      secrets.push(...stringLeaves(output.value));
    }
  }
  return { values: stringValues(values, file, prefix), secrets, file, prefix };
}

function readCdktfOutputs(parsed: Record<string, unknown>, file: string, stack: string | undefined, prefix: string): StackOutputs {
  const stacks = Object.keys(parsed);
  const chosen = stack ?? (stacks.length === 1 ? stacks[0] : undefined);
  if (chosen === undefined) {
    if (stacks.length === 0) {
      return { ...NO_OUTPUTS, file, prefix };
    }
    throw new UsageError(`--outputs ${file} holds the outputs of several stacks (${stacks.join(", ")}): choose one with --stack <name>`);
  }
  const outputs = parsed[chosen];
  if (!isRecord(outputs)) {
    throw new UsageError(
      stack === undefined || chosen in parsed
        ? `--outputs ${file}: stack ${chosen} is not an object of outputs; expected \`terraform output -json\` or \`cdktf deploy --outputs-file\` format`
        : `--stack ${stack}: no such stack in ${file} (it holds ${stacks.join(", ") || "no stacks"})`,
    );
  }
  // cdktf's outputs file does not record which outputs are sensitive, so names decide.
  const secrets = Object.entries(outputs)
    .filter(([name]) => looksSecret(name))
    .flatMap(([, value]) => stringLeaves(value));
  return {
    values: stringValues(new Map(Object.entries(outputs)), `${file} (stack ${chosen})`, prefix),
    secrets,
    file: `${file} (stack ${chosen})`,
    prefix,
  };
}

/** The outputs `verify` reads must be strings; the others are left alone. */
function stringValues(values: ReadonlyMap<string, unknown>, file: string, prefix: string): Map<string, string> {
  const strings = new Map<string, string>();
  for (const name of Object.values(OUTPUT_NAMES).map((unprefixed) => `${prefix}${unprefixed}`)) {
    const value = values.get(name);
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== "string") {
      throw new UsageError(`output ${name} in ${file} is a ${Array.isArray(value) ? "list" : typeof value}, expected a string`);
    }
    strings.set(name, value);
  }
  return strings;
}

function looksSecret(name: string): boolean {
  return /secret|password|(^|_)token$/i.test(name);
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === "string") {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(stringLeaves);
  }
  return isRecord(value) ? Object.values(value).flatMap(stringLeaves) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// --- printing ----------------------------------------------------------------

/** The one output format of the commands: a line per check, the fix after a dash, then a summary. */
export function printResults(results: readonly CheckResult[], print: (line: string) => void): void {
  const width = Math.max(...results.map((result) => result.name.length));
  for (const result of results) {
    const fix = result.fix === undefined ? "" : ` — fix: ${result.fix}`;
    print(`${result.status.toUpperCase()}  ${result.name.padEnd(width)}  ${result.detail}${fix}`);
  }
  const count = (status: CheckResult["status"]): number => results.filter((result) => result.status === status).length;
  print(`${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warned, ${count("skip")} skipped`);
}

/** Replaces every secret in a line, longest first so a secret containing another is hidden whole. */
export function redact(line: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((text, secret) => text.split(secret).join("(redacted)"), line);
}

if (require.main === module) {
  run(process.argv.slice(2));
}
