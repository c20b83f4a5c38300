/**
 * Renders API.md from the doc comments of the hand-written library (`lib/`), with
 * the TypeScript compiler API: one section per exported class and interface, props
 * as tables with their type, default and description. The generated `authentik`
 * namespace is listed, not expanded: its docs are the provider's.
 *
 * Usage: `npm run docs` writes API.md; `npm run docs:check` fails when it is stale.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "lib", "index.ts");
const OUTPUT = path.join(ROOT, "API.md");
const AUTHENTIK_VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8")).authentik.version;

function docText(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function tag(symbol: ts.Symbol, name: string): string | undefined {
  const found = symbol.getJsDocTags().find((t) => t.name === name);
  return found ? ts.displayPartsToString(found.text).trim() : undefined;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function linkify(text: string): string {
  return text.replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`");
}

function typeOf(declaration: ts.Node, checker: ts.TypeChecker): string {
  const decl = declaration as ts.PropertyDeclaration | ts.PropertySignature | ts.GetAccessorDeclaration;
  return decl.type ? decl.type.getText() : checker.typeToString(checker.getTypeAtLocation(declaration));
}

function renderInterface(symbol: ts.Symbol, checker: ts.TypeChecker): string[] {
  const lines = [`### ${symbol.name}`, "", linkify(docText(symbol, checker)), ""];
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  lines.push("| Prop | Type | Default | Description |", "| --- | --- | --- | --- |");
  for (const prop of type.getProperties()) {
    const declaration = prop.declarations?.[0];
    if (!declaration) continue;
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    const def = tag(prop, "default");
    const defaultText = def === undefined ? (optional ? "" : "*required*") : def.startsWith("- ") ? def.slice(2) : `\`${def}\``;
    lines.push(
      `| \`${prop.name}\` | \`${cell(typeOf(declaration, checker))}\` | ${cell(defaultText)} | ${cell(linkify(docText(prop, checker)))} |`,
    );
  }
  lines.push("");
  return lines;
}

function renderClass(symbol: ts.Symbol, checker: ts.TypeChecker): string[] {
  const declaration = symbol.declarations![0] as ts.ClassDeclaration;
  const lines = [`### ${symbol.name}`, "", linkify(docText(symbol, checker)), ""];
  const ctor = declaration.members.find(ts.isConstructorDeclaration);
  if (ctor) {
    const params = ctor.parameters.map((p) => `${p.name.getText()}: ${p.type ? p.type.getText() : "unknown"}`).join(", ");
    lines.push("```ts", `new ${symbol.name}(${params})`, "```", "");
  }
  // Public readonly fields, and public getters without a setter (read-only properties to jsii as well).
  const isPublic = (m: ts.ClassElement) =>
    ts.canHaveModifiers(m) && !!ts.getModifiers(m)?.some((mod) => mod.kind === ts.SyntaxKind.PublicKeyword);
  const members = declaration.members.filter(
    (m): m is ts.PropertyDeclaration | ts.GetAccessorDeclaration =>
      (ts.isPropertyDeclaration(m) && isPublic(m) && !!ts.getModifiers(m)?.some((mod) => mod.kind === ts.SyntaxKind.ReadonlyKeyword)) ||
      (ts.isGetAccessorDeclaration(m) && isPublic(m) && !m.name.getText().startsWith("_")),
  );
  if (members.length > 0) {
    lines.push("| Property | Type | Description |", "| --- | --- | --- |");
    for (const member of members) {
      const memberSymbol = checker.getSymbolAtLocation(member.name)!;
      lines.push(
        `| \`${member.name.getText()}\` | \`${cell(typeOf(member, checker))}\` | ${cell(linkify(docText(memberSymbol, checker)))} |`,
      );
    }
    lines.push("");
  }
  const methods = declaration.members.filter(
    (m): m is ts.MethodDeclaration =>
      ts.isMethodDeclaration(m) &&
      !m.name.getText().startsWith("_") &&
      !ts.getModifiers(m)?.some((mod) => mod.kind === ts.SyntaxKind.PrivateKeyword),
  );
  if (methods.length > 0) {
    lines.push("| Method | Description |", "| --- | --- |");
    for (const method of methods) {
      const isStatic = !!ts.getModifiers(method)?.some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword);
      const params = method.parameters.map((p) => `${p.name.getText()}: ${p.type ? p.type.getText() : "unknown"}`).join(", ");
      const returns = method.type ? method.type.getText() : "void";
      const signature = `${isStatic ? `${symbol.name}.` : ""}${method.name.getText()}(${params}): ${returns}`;
      const methodSymbol = checker.getSymbolAtLocation(method.name)!;
      lines.push(`| \`${cell(signature)}\` | ${cell(linkify(docText(methodSymbol, checker)))} |`);
    }
    lines.push("");
  }
  return lines;
}

export function renderApiDocs(): string {
  const program = ts.createProgram([ENTRY], {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.name.localeCompare(b.name));
  const constructs: string[] = [];
  const structs: string[] = [];
  const other: string[] = [];
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & ts.SymbolFlags.Class) {
      constructs.push(...renderClass(symbol, checker));
    } else if (symbol.flags & ts.SymbolFlags.Interface) {
      structs.push(...renderInterface(symbol, checker));
    } else if (symbol.flags & ts.SymbolFlags.ValueModule) {
      const members = checker.getExportsOfModule(symbol).map((m) => `\`${exported.name}.${m.name}\``);
      other.push(
        `### ${exported.name} (namespace)`,
        "",
        `The authentik provider bindings generated from the provider's schema (goauthentik/authentik ${AUTHENTIK_VERSION}), so the provider can be configured from this package: ` +
          members.join(", ") +
          ".",
        "",
      );
    }
  }
  return [
    "# API reference",
    "",
    "<!-- Generated by `npm run docs` (scripts/api-docs.ts) from the doc comments in lib/. Do not edit by hand. -->",
    "",
    "## Constructs",
    "",
    ...constructs,
    "## Structs",
    "",
    ...structs,
    "## Other exports",
    "",
    ...other,
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}

if (require.main === module) {
  const rendered = renderApiDocs();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, "utf8") : "";
    if (current !== rendered) {
      console.error("API.md is out of date: run `npm run docs` and commit the result.");
      process.exit(1);
    }
    console.log("API.md is current.");
  } else {
    fs.writeFileSync(OUTPUT, rendered);
    console.log(`wrote ${path.relative(process.cwd(), OUTPUT)}`);
  }
}
