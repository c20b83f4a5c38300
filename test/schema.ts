import * as fs from "fs";
import * as path from "path";

/**
 * The real provider schemas (`terraform providers schema -json` of the pinned
 * releases, committed under schemas/), and a check of synthesised JSON against them:
 * every key of every block, down into nested attributes such as Cloudflare's
 * `config` (which `terraform validate` does not check), must be an attribute of the
 * schema, with a value of the attribute's type.
 */
const ROOT = path.resolve(__dirname, "..");
/** The pinned providers (versions.json). */
export const VERSIONS = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));

function providerSchema(file: string): any {
  const schemas = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")).provider_schemas;
  return Object.values(schemas)[0];
}

export const AUTHENTIK_SCHEMA = providerSchema(VERSIONS.authentik.schema);
export const CLOUDFLARE_SCHEMA = providerSchema(VERSIONS.cloudflare.schema);

const META = ["provider", "for_each", "count", "depends_on", "lifecycle", "//"];

/** The schema block of a resource or data source type, from either provider. */
export function blockSchema(section: "resource" | "data", type: string): any {
  const key = section === "resource" ? "resource_schemas" : "data_source_schemas";
  return (AUTHENTIK_SCHEMA[key]?.[type] ?? CLOUDFLARE_SCHEMA[key]?.[type])?.block;
}

/** Problems of the synthesised JSON against the schemas, as `path: what` lines (empty when none). */
export function schemaProblems(json: any): string[] {
  const problems: string[] = [];
  for (const section of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries<any>(json[section] ?? {})) {
      const block = blockSchema(section, type);
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
