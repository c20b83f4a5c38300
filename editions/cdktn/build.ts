/**
 * Builds the cdktn edition, the npm package `cdktn-authentik-cloudflare-access`, from the
 * same sources as the cdktf edition. Nothing here is a second copy of library code: the
 * build dir (editions/cdktn/build, gitignored) is recreated on every run.
 *
 * 1. Copies `lib/**.ts` and rewrites module specifiers: `cdktf` becomes `cdktn`, and each
 *    `@cdktf/provider-cloudflare/lib/<module>` becomes the bundled binding
 *    `.gen/providers/cloudflare/<module>` (there is no @cdktn/provider-cloudflare); the package's
 *    own name, in the CLI's usage text for instance, becomes the edition's.
 * 2. Generates the Cloudflare bindings with @cdktn/provider-generator from the newest committed
 *    schema snapshot (versions.json `cloudflare.newestSchema`), for the provider and exactly the
 *    modules lib/ imports, requiring the supported range (`cloudflare.constraint`), and exports
 *    them as the `cloudflare` namespace so users can configure the provider.
 * 3. Generates the authentik bindings the same way, for the modules of the committed cdktf
 *    bindings (.gen/providers/authentik, `npm run get`): both editions export one API.
 * 4. Writes package.json (peer dependencies cdktn and constructs), compiles with tsc,
 *    fails if any import of cdktf or @cdktf/* is left, and packs the tarball.
 *
 * Usage (from the repository root, after `npm ci --prefix editions/cdktn`; `npm run package` does both):
 *   node editions/cdktn/node_modules/ts-node/dist/bin.js -P editions/cdktn/tsconfig.json editions/cdktn/build.ts <pack-destination>
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CodeMaker, TerraformProviderGenerator } from "@cdktn/provider-generator";
import { ConstructsMakerProviderTarget, LANGUAGES, ProviderSchema, TerraformProviderConstraint } from "@cdktn/commons";
import { CDKTF_PACKAGE_NAME, CDKTN_PACKAGE_NAME, cdktfImportsIn, cloudflareModulesOf, rewriteForCdktn, cdktnLibFiles } from "./imports";

const ROOT = path.resolve(__dirname, "..", "..");
const BUILD = path.join(__dirname, "build");

function pick<T>(all: Record<string, T> | undefined, names: string[], kind: string, schemaFile: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of [...names].sort()) {
    const schema = all?.[name];
    if (!schema) {
      throw new Error(`${schemaFile} has no ${kind} ${name}`);
    }
    out[name] = schema;
  }
  return out;
}

/**
 * Generates `<outdir>/providers/<provider>` with @cdktn/provider-generator, from the schema
 * snapshot versions.json names (Cloudflare's newest, so users get the newer attributes), for
 * the provider class and the given modules, requiring the range versions.json gives. Module names
 * are the generator's directory names: `dns-record` for resource cloudflare_dns_record,
 * `data-authentik-flow` for data source authentik_flow.
 */
async function generateBindings(provider: "authentik" | "cloudflare", modules: string[], outdir: string): Promise<void> {
  const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"))[provider];
  const fqpn = `registry.terraform.io/${pinned.source}`;
  const constraint = new TerraformProviderConstraint(`${pinned.source}@${pinned.constraint}`);
  const schemaFile: string = provider === "cloudflare" ? pinned.newestSchema.file : pinned.schema;
  const snapshot = JSON.parse(fs.readFileSync(path.join(ROOT, schemaFile), "utf8")) as ProviderSchema;
  const schemas = snapshot.provider_schemas?.[fqpn];
  if (!schemas) {
    throw new Error(`${schemaFile} has no provider ${fqpn}`);
  }
  const dataPrefix = `data-${provider}-`;
  const typeName = (module: string) => `${provider}_${module.replace(dataPrefix, "").replace(/-/g, "_")}`;
  const resources = modules.filter((m) => m !== "provider" && !m.startsWith(dataPrefix)).map(typeName);
  const dataSources = modules.filter((m) => m.startsWith(dataPrefix)).map(typeName);
  const schema: ProviderSchema = {
    format_version: snapshot.format_version,
    provider_schemas: {
      [fqpn]: {
        provider: schemas.provider,
        resource_schemas: pick(schemas.resource_schemas, resources, "resource", schemaFile),
        data_source_schemas: pick(schemas.data_source_schemas, dataSources, "data source", schemaFile),
      },
    },
    // No provider_versions: an exact provider version would be written to required_providers in preference to
    // the constraint, the range the library supports.
  };
  const code = new CodeMaker();
  new TerraformProviderGenerator(code, schema).generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  await code.save(outdir);
  for (const module of modules) {
    if (!fs.existsSync(path.join(outdir, "providers", provider, module, "index.ts"))) {
      throw new Error(`the generator wrote no providers/${provider}/${module}`);
    }
  }
}

/** The package's own name in a string is the edition's: `cdktf-authentik-...` becomes `cdktn-authentik-...`. */
function renamed(text: string): string {
  return text.split(CDKTF_PACKAGE_NAME).join(CDKTN_PACKAGE_NAME);
}

/** The fields of the root package.json (the cdktf edition) the cdktn edition takes over. */
interface RootPackage {
  version: string;
  description: string;
  keywords: string[];
  license: string;
  author: unknown;
  repository: unknown;
  engines: unknown;
  main: string;
  types: string;
  exports: unknown;
  files: string[];
  bin?: Record<string, string>;
}

/** The cdktf edition's package.json, renamed, with peer dependencies on cdktn and constructs instead. */
function packageJson(root: RootPackage): Record<string, unknown> {
  const tooling = JSON.parse(fs.readFileSync(path.join(__dirname, "package.json"), "utf8")).devDependencies;
  return {
    name: CDKTN_PACKAGE_NAME,
    version: root.version,
    description: root.description.replace("A CDKTF construct", "A CDK Terrain (cdktn) construct"),
    keywords: ["cdktn", "cdk-terrain", ...root.keywords.filter((k) => k !== "cdktf")],
    license: root.license,
    author: root.author,
    repository: root.repository,
    engines: root.engines,
    main: root.main,
    types: root.types,
    exports: root.exports,
    files: root.files.filter((f) => f !== ".jsii").map(renamed),
    bin: Object.fromEntries(Object.entries(root.bin ?? {}).map(([name, file]) => [renamed(name), renamed(file)])),
    // cdktn 0.24 itself allows constructs >=10.6.0 <10.8.0.
    peerDependencies: { cdktn: `^${tooling.cdktn}`, constructs: "^10.6.0" },
  };
}

/** Copies a file of the repository into the build dir for cdktn (see rewriteForCdktn); returns where it went. */
function copyForCdktn(file: string, cloudflareDir: string): string {
  const target = path.join(BUILD, renamed(path.relative(ROOT, file)));
  const source = path.relative(ROOT, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, rewriteForCdktn(fs.readFileSync(file, "utf8"), { source, target, cloudflareDir }), {
    mode: fs.statSync(file).mode,
  });
  return target;
}

async function main(packDestination: string): Promise<void> {
  const started = Date.now();
  fs.rmSync(BUILD, { recursive: true, force: true });
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as RootPackage;

  const cloudflareDir = path.join(BUILD, ".gen", "providers", "cloudflare");
  const libFiles = cdktnLibFiles(path.join(ROOT, "lib"));
  for (const file of [...libFiles, ...Object.values(root.bin ?? {}).map((f) => path.join(ROOT, f))]) {
    copyForCdktn(file, cloudflareDir);
  }
  fs.appendFileSync(
    path.join(BUILD, "lib", "index.ts"),
    [
      "",
      "/**",
      " * The Cloudflare provider bindings (cloudflare/cloudflare, generated for this package) for the",
      " * provider and the resources the library creates; there is no @cdktn/provider-cloudflare.",
      " */",
      'export * as cloudflare from "../.gen/providers/cloudflare";',
      "",
    ].join("\n"),
  );

  const cloudflareModules = [...new Set(["provider", ...cloudflareModulesOf(libFiles.map((f) => fs.readFileSync(f, "utf8")))])];
  await generateBindings("cloudflare", cloudflareModules, path.join(BUILD, ".gen"));
  // The modules of the committed cdktf bindings (`npm run get`): both editions export the same `authentik` namespace.
  const authentikModules = fs
    .readdirSync(path.join(ROOT, ".gen", "providers", "authentik"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  await generateBindings("authentik", authentikModules, path.join(BUILD, ".gen"));
  const generated = Date.now();

  fs.writeFileSync(path.join(BUILD, "package.json"), JSON.stringify(packageJson(root), null, 2) + "\n");
  for (const file of ["README.md", "LICENSE", "API.md"]) {
    fs.copyFileSync(path.join(ROOT, file), path.join(BUILD, file));
  }
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  const tsconfig = {
    compilerOptions: {
      ...base.compilerOptions,
      rootDir: ".",
      outDir: "dist",
      declaration: true,
      inlineSourceMap: false,
      inlineSources: false,
    },
    include: ["lib/**/*.ts"],
  };
  fs.writeFileSync(path.join(BUILD, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", BUILD], { stdio: "inherit" });
  const compiled = Date.now();

  const left = cdktfImportsIn(BUILD);
  if (left.length > 0) {
    throw new Error(`the cdktn edition still imports cdktf:\n  ${left.join("\n  ")}`);
  }
  fs.mkdirSync(packDestination, { recursive: true });
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", packDestination], { cwd: BUILD, encoding: "utf8" }),
  )[0];
  console.log(
    `${CDKTN_PACKAGE_NAME}: Cloudflare bindings for ${cloudflareModules.join(", ")}; ` +
      `sources and bindings ${generated - started} ms, tsc ${compiled - generated} ms -> ` +
      `${path.relative(ROOT, path.join(packDestination, packed.filename))} (${packed.entryCount} files)`,
  );
}

if (require.main === module) {
  main(path.resolve(process.argv[2] ?? path.join(ROOT, "dist", "packages", "js"))).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
