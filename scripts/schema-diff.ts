/**
 * Compares the two committed Cloudflare schema snapshots (versions.json `cloudflare.schema`, the pinned 5.14.0, and
 * `cloudflare.newestSchema`) for the resources the library writes: the state schema version of each, and every
 * attribute or block that was added, removed or changed, with its flags (type, nesting, required, optional,
 * computed, sensitive, deprecated).
 *
 * Usage: `npx ts-node scripts/schema-diff.ts` (prints the report).
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** The Cloudflare resource types the library creates. */
export const LIBRARY_CLOUDFLARE_RESOURCES = [
  "cloudflare_dns_record",
  "cloudflare_sso_connector",
  "cloudflare_zero_trust_access_application",
  "cloudflare_zero_trust_access_group",
  "cloudflare_zero_trust_access_identity_provider",
  "cloudflare_zero_trust_access_policy",
];

/** Each attribute and block of a schema block, by dotted path, with what the schema says of it. */
export function flattenBlock(block: any, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, attribute] of Object.entries<any>(block.attributes ?? {})) {
    const { type, required, optional, computed, sensitive, deprecated, nested_type: nested } = attribute;
    out[`${prefix}${name}`] = JSON.stringify({ type, nesting: nested?.nesting_mode, required, optional, computed, sensitive, deprecated });
    if (nested) Object.assign(out, flattenBlock(nested, `${prefix}${name}.`));
  }
  for (const [name, child] of Object.entries<any>(block.block_types ?? {})) {
    out[`${prefix}${name}`] = JSON.stringify({ block: child.nesting_mode, min: child.min_items, max: child.max_items });
    Object.assign(out, flattenBlock(child.block, `${prefix}${name}.`));
  }
  return out;
}

export interface ResourceDifference {
  readonly type: string;
  /** The state schema version in the old and the new snapshot. */
  readonly version: [number | undefined, number | undefined];
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

/** The differences of one resource type between two provider schemas (`provider_schemas[...]` entries). */
export function resourceDifference(type: string, before: any, after: any): ResourceDifference {
  const a = before.resource_schemas?.[type];
  const b = after.resource_schemas?.[type];
  const flatA = a ? flattenBlock(a.block) : {};
  const flatB = b ? flattenBlock(b.block) : {};
  const keys = [...new Set([...Object.keys(flatA), ...Object.keys(flatB)])].sort();
  return {
    type,
    version: [a?.version, b?.version],
    added: keys.filter((k) => !(k in flatA)).map((k) => `${k} ${flatB[k]}`),
    removed: keys.filter((k) => !(k in flatB)).map((k) => `${k} ${flatA[k]}`),
    changed: keys.filter((k) => k in flatA && k in flatB && flatA[k] !== flatB[k]).map((k) => `${k}: ${flatA[k]} -> ${flatB[k]}`),
  };
}

function cloudflareSchema(file: string, source: string): any {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")).provider_schemas[`registry.terraform.io/${source}`];
  if (!schema) throw new Error(`${file} has no provider ${source}`);
  return schema;
}

/** The report for the library's resources, 5.14.0 against the newest snapshot. */
export function schemaDiffReport(): { differences: ResourceDifference[]; text: string } {
  const { cloudflare } = JSON.parse(fs.readFileSync(path.join(ROOT, "versions.json"), "utf8"));
  const before = cloudflareSchema(cloudflare.schema, cloudflare.source);
  const after = cloudflareSchema(cloudflare.newestSchema.file, cloudflare.source);
  const differences = LIBRARY_CLOUDFLARE_RESOURCES.map((type) => resourceDifference(type, before, after));
  const lines = [
    `Cloudflare provider schemas of the resources the library writes: ${cloudflare.version} (${cloudflare.schema})`,
    `against ${cloudflare.newestSchema.name} (${cloudflare.newestSchema.file}).`,
    "Flags: type, nesting, required, optional, computed, sensitive, deprecated (a flag that is not set is left out).",
    "",
  ];
  for (const d of differences) {
    lines.push(`${d.type}: state schema version ${d.version[0]} -> ${d.version[1]}`);
    lines.push(`  added (${d.added.length}):`, ...d.added.map((l) => `    + ${l}`));
    lines.push(`  removed (${d.removed.length}):`, ...d.removed.map((l) => `    - ${l}`));
    lines.push(`  changed (${d.changed.length}):`, ...d.changed.map((l) => `    ~ ${l}`));
    lines.push("");
  }
  return { differences, text: lines.join("\n") };
}

if (require.main === module) {
  process.stdout.write(schemaDiffReport().text);
}
