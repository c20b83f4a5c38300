/**
 * How the cdktn edition rewrites module specifiers of lib/, and the check that none of
 * cdktf is left: a cdktf construct inside a cdktn stack only fails at synth time
 * (`_resetResolveDiscoveredProviderFeatureUsage is not a function`), so the build refuses it.
 * No dependencies beyond Node, so the tests can load it without the build tooling.
 */
import * as fs from "fs";
import * as path from "path";

export const CDKTF_PACKAGE_NAME = "cdktf-authentik-cloudflare-access";
export const CDKTN_PACKAGE_NAME = "cdktn-authentik-cloudflare-access";

/**
 * Files of lib/ the cdktn edition leaves out: `init` writes a cdktf app from a template whose imports must stay
 * cdktf's (rewriting them would point a new app at this package's bundled bindings); the edition's CLI says so.
 */
export const NOT_IN_CDKTN_EDITION = [path.join("cli", "init.ts")];

/** The .ts files of lib/ that make up the cdktn edition. */
export function cdktnLibFiles(libDir: string): string[] {
  return walk(libDir, (f) => f.endsWith(".ts")).filter((f) => !NOT_IN_CDKTN_EDITION.includes(path.relative(libDir, f)));
}
const CLOUDFLARE_LIB = "@cdktf/provider-cloudflare/lib/";

/** Module specifiers in TypeScript or compiled JavaScript: `from "x"`, `import("x")`, `import "x"`, `require("x")`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'])([^"'\n]+)\2/g;

/** `cdktf`, `cdktf/...` or any `@cdktf/...` package. */
export function isCdktfSpecifier(specifier: string): boolean {
  return /^(cdktf|@cdktf\/[^/]+)(\/|$)/.test(specifier);
}

/** The files under `dir` that `keep` accepts, sorted, skipping node_modules. */
export function walk(dir: string, keep: (file: string) => boolean): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") {
        files.push(...walk(file, keep));
      }
    } else if (keep(file)) {
      files.push(file);
    }
  }
  return files.sort();
}

/** The modules of @cdktf/provider-cloudflare the sources import, e.g. `zero-trust-access-policy`. */
export function cloudflareModulesOf(sources: string[]): string[] {
  const modules = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(SPECIFIER)) {
      if (match[3].startsWith(CLOUDFLARE_LIB)) {
        modules.add(match[3].slice(CLOUDFLARE_LIB.length));
      }
    }
  }
  return [...modules].sort();
}

/**
 * One file of lib/ for cdktn: `cdktf` (and `cdktf/...`) become `cdktn`, each
 * `@cdktf/provider-cloudflare/lib/<module>` becomes the bundled binding in `cloudflareDir`
 * (relative to `target`, where the file will be written), and the package's own name
 * (the CLI's usage text, user agent, construct marker) becomes the edition's. Any other
 * `@cdktf/*` import throws: it has no cdktn counterpart here.
 */
export function rewriteForCdktn(text: string, options: { source: string; target: string; cloudflareDir: string }): string {
  const rewritten = text.replace(SPECIFIER, (whole, before: string, quote: string, specifier: string) => {
    let replacement = specifier;
    if (specifier === "cdktf" || specifier.startsWith("cdktf/")) {
      replacement = `cdktn${specifier.slice("cdktf".length)}`;
    } else if (specifier.startsWith(CLOUDFLARE_LIB)) {
      const module = path.join(options.cloudflareDir, specifier.slice(CLOUDFLARE_LIB.length));
      const relative = path.relative(path.dirname(options.target), module).split(path.sep).join("/");
      replacement = relative.startsWith(".") ? relative : `./${relative}`;
    } else if (isCdktfSpecifier(specifier)) {
      throw new Error(`${options.source}: no cdktn replacement for the import of ${specifier}`);
    }
    return replacement === specifier ? whole : `${before}${quote}${replacement}${quote}`;
  });
  return rewritten.split(CDKTF_PACKAGE_NAME).join(CDKTN_PACKAGE_NAME);
}

/** Every import of cdktf or @cdktf/* in the .ts and .js files under `dir`, as `<file relative to dir>: <specifier>`. */
export function cdktfImportsIn(dir: string): string[] {
  const found: string[] = [];
  for (const file of walk(dir, (f) => /\.(ts|js)$/.test(f))) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      if (isCdktfSpecifier(match[3])) {
        found.push(`${path.relative(dir, file)}: ${match[3]}`);
      }
    }
  }
  return found;
}
