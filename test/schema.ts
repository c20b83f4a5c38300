import * as fs from "fs";
import * as path from "path";

/**
 * The real provider schemas (`terraform providers schema -json`, committed under schemas/), and a check of
 * synthesised JSON against them: every key of every block, down into nested attributes such as Cloudflare's
 * `config` (which `terraform validate` does not check), must be an attribute of the schema, with a value of the
 * attribute's type. Cloudflare keys are checked against two snapshots, the pinned 5.14.0 and the newest one
 * (versions.json `cloudflare.newestSchema`): the library supports every provider between them.
 */
const ROOT = path.resolve(__dirname, "..");
/** The pinned providers (versions.json). */
export const VERSIONS = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));

function readSchemas(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")).provider_schemas;
}

function providerSchema(file: string, source: string): any {
  const schema = readSchemas(file)[`registry.terraform.io/${source}`];
  if (!schema) {
    throw new Error(`${file} has no provider ${source}`);
  }
  return schema;
}

export const AUTHENTIK_SCHEMA = providerSchema(VERSIONS.authentik.schema, VERSIONS.authentik.source);
export const CLOUDFLARE_SCHEMA = providerSchema(VERSIONS.cloudflare.schema, VERSIONS.cloudflare.source);
/** The newest Cloudflare snapshot: the stand-in build, at or past 5.24.0 (schemas/SOURCE.md). */
export const CLOUDFLARE_NEWEST_SCHEMA = providerSchema(VERSIONS.cloudflare.newestSchema.file, VERSIONS.cloudflare.source);

/** The Cloudflare snapshots every key is checked against, oldest first, each with the name problems carry. */
export const CLOUDFLARE_SNAPSHOTS: ReadonlyArray<{ readonly name: string; readonly schema: any }> = [
  { name: `cloudflare ${VERSIONS.cloudflare.version}`, schema: CLOUDFLARE_SCHEMA },
  { name: `cloudflare ${VERSIONS.cloudflare.newestSchema.name}`, schema: CLOUDFLARE_NEWEST_SCHEMA },
];

const META = ["provider", "for_each", "count", "depends_on", "lifecycle", "//"];

/**
 * The schema block of a resource or data source type: authentik's, or Cloudflare's in the given snapshot
 * (5.14.0 unless told).
 */
export function blockSchema(section: "resource" | "data", type: string, cloudflare: any = CLOUDFLARE_SCHEMA): any {
  const key = section === "resource" ? "resource_schemas" : "data_source_schemas";
  return (type.startsWith("cloudflare_") ? cloudflare : AUTHENTIK_SCHEMA)[key]?.[type]?.block;
}

function problemsIn(json: any, cloudflare: any, only: (type: string) => boolean): string[] {
  const problems: string[] = [];
  for (const section of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries<any>(json[section] ?? {})) {
      if (!only(type)) continue;
      const block = blockSchema(section, type, cloudflare);
      if (!block) {
        problems.push(`${section}.${type}: no such type in the schema`);
        continue;
      }
      for (const [name, value] of Object.entries<any>(blocks)) {
        checkObject(value, block, `${section}.${type}.${name}`, problems, true);
      }
    }
  }
  return problems;
}

/**
 * Problems of the synthesised JSON against the schemas, as `path: what` lines (empty when none). A problem with a
 * Cloudflare key ends with the snapshots that refuse it: `(cloudflare 5.14.0)`, or both names.
 */
export function schemaProblems(json: any): string[] {
  const problems = problemsIn(json, CLOUDFLARE_SCHEMA, (type) => !type.startsWith("cloudflare_"));
  const refusedBy = new Map<string, string[]>();
  for (const { name, schema } of CLOUDFLARE_SNAPSHOTS) {
    for (const problem of problemsIn(json, schema, (type) => type.startsWith("cloudflare_"))) {
      refusedBy.set(problem, [...(refusedBy.get(problem) ?? []), name]);
    }
  }
  return [...problems, ...[...refusedBy].map(([problem, names]) => `${problem} (${names.join(", ")})`)];
}

function checkObject(value: any, block: any, where: string, problems: string[], topLevel: boolean): void {
  for (const [key, child] of Object.entries<any>(value)) {
    if (topLevel && META.includes(key)) continue;
    const attribute = block.attributes?.[key];
    if (!attribute) {
      problems.push(`${where}.${key}: not an attribute of the schema`);
      continue;
    }
    if (attribute.computed && !attribute.optional && !attribute.required) {
      problems.push(`${where}.${key}: computed only, cannot be set`);
    }
    if (attribute.nested_type) {
      checkNested(child, attribute.nested_type, `${where}.${key}`, problems);
    } else {
      checkType(child, attribute.type, `${where}.${key}`, problems);
    }
  }
  for (const [key, attribute] of Object.entries<any>(block.attributes ?? {})) {
    if (attribute.required && !(key in value)) {
      problems.push(`${where}.${key}: required but missing`);
    }
  }
}

function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("${") && value.endsWith("}");
}

function checkNested(value: any, nested: any, where: string, problems: string[]): void {
  if (isExpression(value)) return;
  if (nested.nesting_mode === "single") {
    if (typeof value !== "object" || value === null || Array.isArray(value)) problems.push(`${where}: expected an object`);
    else checkObject(value, nested, where, problems, false);
    return;
  }
  if (!Array.isArray(value)) {
    problems.push(`${where}: expected a ${nested.nesting_mode}`);
    return;
  }
  value.forEach((element, index) => {
    if (isExpression(element)) return;
    checkObject(element, nested, `${where}[${index}]`, problems, false);
  });
}

function checkType(value: any, type: any, where: string, problems: string[]): void {
  if (isExpression(value) || value === null) return;
  if (type === "string") {
    if (typeof value !== "string") problems.push(`${where}: expected a string, got ${JSON.stringify(value)}`);
  } else if (type === "number") {
    if (typeof value !== "number") problems.push(`${where}: expected a number, got ${JSON.stringify(value)}`);
  } else if (type === "bool") {
    if (typeof value !== "boolean") problems.push(`${where}: expected a bool, got ${JSON.stringify(value)}`);
  } else if (Array.isArray(type) && ["list", "set"].includes(type[0])) {
    if (!Array.isArray(value)) problems.push(`${where}: expected a ${type[0]}, got ${JSON.stringify(value)}`);
    else value.forEach((element, index) => checkType(element, type[1], `${where}[${index}]`, problems));
  } else if (Array.isArray(type) && type[0] === "map") {
    if (typeof value !== "object" || Array.isArray(value)) problems.push(`${where}: expected a map`);
    else Object.entries(value).forEach(([key, element]) => checkType(element, type[1], `${where}.${key}`, problems));
  }
}
