/**
 * The TypeScript code blocks of README.md as programs: type-checked against the library's sources with the
 * imports they show, then run, so the README cannot rot (test/readme.test.ts; test/terraform/readme.test.ts
 * runs `terraform validate` on what they synthesise).
 *
 * Strict by default: a ```ts block is a complete program. It is compiled as a file of its own (strict, as
 * tsconfig.json), `cdktf-authentik-cloudflare-access` resolving to lib/, and run; an App it creates must
 * synthesise (its outdir comes from CDKTF_OUTDIR). A block that is not a complete program says so with an
 * HTML comment on the line before its fence, which GitHub does not render:
 *
 * - `<!-- readme-test: in-stack -->` the block is the body of a stack: it is run after a prelude that
 *   declares `app` (a cdktf App) and `stack` (a TerraformStack with the authentik and Cloudflare providers
 *   configured), then `app.synth()`. Its imports are its own; it must show every one it uses.
 * - `<!-- readme-test: continues -->` the block continues the previous TypeScript block, which must be
 *   in-stack or continue one: the two are compiled and run as one program, so it may use the names the
 *   previous block declared. It shows the imports it adds.
 * - `<!-- readme-test: compile-only <folder> -->` the block is not a CDKTF app (e.g. origin code): it is
 *   type-checked as if it were a file in <folder> (its relative imports resolve there) and not run.
 * - `<!-- readme-test: skip: <reason> -->` the block is not checked here; the reason is required and
 *   should say what checks it instead.
 *
 * Any other `readme-test` comment is an error, and so is a `continues` with nothing to continue.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.resolve(__dirname, "..");
export const README = path.join(ROOT, "README.md");
export const LIBRARY = "cdktf-authentik-cloudflare-access";

export interface ReadmeBlock {
  /** 1-based line of the opening fence in README.md. */
  readonly line: number;
  readonly code: string;
  /** The `readme-test` marker without the prefix, e.g. "in-stack", or undefined. */
  readonly marker?: string;
}

export interface ReadmeProgram {
  /** "README.md:<line of the first block>" (+ the lines of the blocks it continues with). */
  readonly name: string;
  readonly lines: number[];
  readonly mode: "run" | "compile-only";
  /** The folder the program is compiled in (relative imports resolve from it). */
  readonly folder: string;
  readonly source: string;
}

export interface SkippedBlock {
  readonly line: number;
  readonly reason: string;
}

const FENCE_TS = /^```(ts|typescript)\s*$/;
const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;

/** Every ```ts block of the README, with the marker on the line before it (blank lines between are allowed). */
export function readmeBlocks(text: string = fs.readFileSync(README, "utf8")): ReadmeBlock[] {
  const lines = text.split("\n");
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE_TS.test(lines[i])) {
      if (/^```/.test(lines[i])) {
        // Skip the body of a block in another language: its content could look like a fence.
        for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++);
      }
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    let before = start - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    const marker = before >= 0 ? MARKER.exec(lines[before].trim())?.[1] : undefined;
    blocks.push({ line: start + 1, code: body.join("\n"), marker });
  }
  return blocks;
}

/** Splits a block into its import declarations and the rest. */
function splitImports(code: string, fileName: string): { imports: string[]; body: string } {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const body: string[] = [];
  for (const statement of file.statements) {
    (ts.isImportDeclaration(statement) ? imports : body).push(code.slice(statement.getFullStart(), statement.getEnd()).trim());
  }
  return { imports, body: body.join("\n") };
}

/** The prelude of an in-stack block: names prefixed so they cannot clash with the block's own imports. */
const PRELUDE_IMPORTS = [
  `import { App as ReadmeApp, TerraformStack as ReadmeStack } from "cdktf";`,
  `import { CloudflareProvider as ReadmeCloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";`,
  `import { authentik as readmeAuthentik } from "${LIBRARY}";`,
];
const PRELUDE_BODY = `const app = new ReadmeApp();
const stack = new ReadmeStack(app, "readme");
new readmeAuthentik.provider.AuthentikProvider(stack, "authentik", { url: "https://authentik.company", token: "token" });
new ReadmeCloudflareProvider(stack, "cloudflare", {});`;

interface Draft {
  lines: number[];
  mode: "run" | "compile-only";
  folder: string;
  inStack: boolean;
  imports: string[];
  bodies: string[];
}

function render(draft: Draft): ReadmeProgram {
  const imports = draft.inStack ? [...PRELUDE_IMPORTS, ...draft.imports] : draft.imports;
  const bodies = draft.inStack ? [PRELUDE_BODY, ...draft.bodies, "app.synth();"] : draft.bodies;
  return {
    name: `README.md:${draft.lines.join("+")}`,
    lines: draft.lines,
    mode: draft.mode,
    folder: draft.folder,
    source: `${imports.join("\n")}\n\n${bodies.join("\n\n")}\n`,
  };
}

/** The README's blocks grouped into programs by their markers; throws on a marker it does not know. */
export function readmePrograms(blocks: ReadmeBlock[] = readmeBlocks()): { programs: ReadmeProgram[]; skipped: SkippedBlock[] } {
  const drafts: Draft[] = [];
  const skipped: SkippedBlock[] = [];
  let previous: Draft | undefined;
  for (const block of blocks) {
    const marker = block.marker ?? "";
    const where = `README.md:${block.line}`;
    const skip = /^skip:\s*(.*)$/.exec(marker);
    if (skip) {
      if (skip[1] === "") throw new Error(`${where}: "readme-test: skip:" needs a reason`);
      skipped.push({ line: block.line, reason: skip[1] });
      previous = undefined;
      continue;
    }
    const compileOnly = /^compile-only\s+(\S+)$/.exec(marker);
    const { imports, body } = splitImports(block.code, `block-${block.line}.ts`);
    if (marker === "continues") {
      if (!previous || !previous.inStack) {
        throw new Error(`${where}: "readme-test: continues" must follow an in-stack block or a block that continues one`);
      }
      previous.lines.push(block.line);
      previous.imports.push(...imports);
      previous.bodies.push(body);
      continue;
    }
    let draft: Draft;
    if (marker === "") {
      draft = { lines: [block.line], mode: "run", folder: "test", inStack: false, imports, bodies: [body] };
    } else if (marker === "in-stack") {
      draft = { lines: [block.line], mode: "run", folder: "test", inStack: true, imports, bodies: [body] };
    } else if (compileOnly) {
      if (!fs.existsSync(path.join(ROOT, compileOnly[1])))
        throw new Error(`${where}: compile-only folder ${compileOnly[1]} does not exist`);
      draft = { lines: [block.line], mode: "compile-only", folder: compileOnly[1], inStack: false, imports, bodies: [body] };
    } else {
      throw new Error(
        `${where}: unknown marker "readme-test: ${marker}" (known: in-stack, continues, compile-only <folder>, skip: <reason>)`,
      );
    }
    drafts.push(draft);
    previous = draft;
  }
  return { programs: drafts.map(render), skipped };
}

/** Where a program lives while it is compiled and run (in memory only: nothing is written there). */
export function programFile(program: ReadmeProgram): string {
  return path.join(ROOT, program.folder, `__readme_${program.lines.join("_")}.ts`);
}

/** Type-checks the programs in one TypeScript program; returns the diagnostics of each, formatted. */
export function typeCheck(programs: ReadmeProgram[]): Map<ReadmeProgram, string[]> {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    incremental: false,
    baseUrl: ROOT,
    paths: { [LIBRARY]: ["lib/index.ts"] },
  };
  const virtual = new Map(programs.map((p) => [programFile(p), p.source]));
  const host = ts.createCompilerHost(compilerOptions, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(file);
    return text !== undefined ? ts.createSourceFile(file, text, language, true) : getSourceFile.call(host, file, language, onError, create);
  };
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  const result = new Map<ReadmeProgram, string[]>();
  for (const readmeProgram of programs) {
    const file = program.getSourceFile(programFile(readmeProgram));
    const diagnostics = file ? ts.getPreEmitDiagnostics(program, file) : [];
    result.set(
      readmeProgram,
      diagnostics.map((d) => {
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (!d.file || d.start === undefined) return message;
        const { line } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${message}\n    at: ${d.file.text.split("\n")[line].trim()}`;
      }),
    );
  }
  return result;
}

/**
 * Runs a program in this process (so `cdktf` is the instance the library uses) with its App writing to
 * `outdir`; returns the synthesised stacks' JSON by stack name.
 */
export function runProgram(program: ReadmeProgram, outdir: string, load: (id: string) => unknown): Record<string, any> {
  const js = ts.transpileModule(program.source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  }).outputText;
  const folder = path.join(ROOT, program.folder);
  const localRequire = (id: string) => load(id === LIBRARY ? path.join(ROOT, "lib") : id.startsWith(".") ? path.resolve(folder, id) : id);
  const module = { exports: {} };
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    new Function("require", "module", "exports", "__filename", "__dirname", js)(
      localRequire,
      module,
      module.exports,
      programFile(program),
      folder,
    );
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
  }
  const stacks = path.join(outdir, "stacks");
  const json: Record<string, any> = {};
  for (const stack of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
    json[stack] = JSON.parse(fs.readFileSync(path.join(stacks, stack, "cdk.tf.json"), "utf8"));
  }
  return json;
}
