import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readmeBlocks, readmePrograms, ReadmeProgram, runProgram, typeCheck } from "./readme-blocks";

/**
 * Every TypeScript block of README.md compiles with the imports it shows and synthesises (the markers for
 * blocks that are not complete programs are documented in test/readme-blocks.ts).
 */
describe("README.md's TypeScript blocks", () => {
  const blocks = readmeBlocks();
  const { programs, skipped } = readmePrograms(blocks);
  const runnable = programs.filter((p) => p.mode === "run");
  let diagnostics: Map<ReadmeProgram, string[]>;
  const outdirs: string[] = [];

  beforeAll(() => {
    diagnostics = typeCheck(programs);
  }, 120000);
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  function synthesise(program: ReadmeProgram): Record<string, any> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-readme-"));
    outdirs.push(outdir);
    return runProgram(program, outdir, require);
  }

  function programAt(text: string): ReadmeProgram {
    const found = programs.filter((p) => p.source.includes(text));
    expect(found).toHaveLength(1);
    return found[0];
  }

  test("every block is checked, except the skipped ones, which say why", () => {
    const checked = programs.flatMap((p) => p.lines);
    expect([...checked, ...skipped.map((s) => s.line)].sort((a, b) => a - b)).toEqual(blocks.map((b) => b.line));
    expect(checked.length).toBeGreaterThanOrEqual(6);
    for (const skip of skipped) expect(skip.reason.length).toBeGreaterThan(10);
  });

  test.each(programs.map((p) => [p.name, p] as const))("%s type-checks with the imports it shows", (_name, program) => {
    expect(diagnostics.get(program)).toEqual([]);
  });

  test.each(runnable.map((p) => [p.name, p] as const))("%s runs and synthesises a stack", (_name, program) => {
    const stacks = synthesise(program);
    expect(Object.keys(stacks).length).toBeGreaterThan(0);
    for (const json of Object.values(stacks)) {
      expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
    }
  });

  test("the hand-written policy is account-level, for the Access group of an authentik group, attached to an application", () => {
    const json = Object.values(synthesise(programAt('"admin-tools"')))[0];
    const [policyKey, policy] = Object.entries(json.resource.cloudflare_zero_trust_access_policy as Record<string, any>).find(
      ([, p]) => p.name === "authentik Admins only",
    )!;
    expect(policy.account_id).toBe("0123456789abcdef0123456789abcdef");
    expect(policy.zone_id).toBeUndefined();
    const groupRef = policy.include[0].group.id as string;
    const [groupKey] = /^\$\{cloudflare_zero_trust_access_group\.([^.]+)\.id\}$/.exec(groupRef)!.slice(1);
    const group = json.resource.cloudflare_zero_trust_access_group[groupKey];
    expect(JSON.stringify(group.include)).toContain("authentik Admins");
    const application = Object.values(json.resource.cloudflare_zero_trust_access_application as Record<string, any>).find(
      (a) => a.domain === "admin.company.com",
    );
    expect(application.account_id).toBe("0123456789abcdef0123456789abcdef");
    expect(application.policies).toEqual([{ id: `\${cloudflare_zero_trust_access_policy.${policyKey}.id}`, precedence: 1 }]);
    expect(application.allowed_idps).toEqual([expect.stringMatching(/^\$\{cloudflare_zero_trust_access_identity_provider\./)]);
  });

  test("with a zone-scoped integration the hand-written policy example stops with a clear error, writing no policy", () => {
    const program = programAt('"admin-tools"');
    const zoneScoped = {
      ...program,
      source: program.source.replace('accountId: "0123456789abcdef0123456789abcdef"', 'zoneId: "fedcba9876543210fedcba9876543210"'),
    };
    expect(zoneScoped.source).not.toEqual(program.source);
    expect(() => synthesise(zoneScoped)).toThrow(/reusable \(account-level\) Access policy: give the integration an accountId/);
  });

  test("the SCIM example turns SCIM on and the dashboard SSO example uses that integration", () => {
    const json = Object.values(synthesise(programAt('"dashboard-sso"')))[0];
    const idp = Object.values(json.resource.cloudflare_zero_trust_access_identity_provider as Record<string, any>)[0];
    expect(idp.scim_config).toEqual(expect.objectContaining({ enabled: true, user_deprovision: true, seat_deprovision: true }));
    const connector = Object.values(json.resource.cloudflare_sso_connector as Record<string, any>)[0];
    expect(connector).toEqual(expect.objectContaining({ email_domain: "company.com", account_id: "0123456789abcdef0123456789abcdef" }));
  });
});

describe("the README block markers", () => {
  const fence = "```";
  test("a marker the test does not know, a skip without a reason and a dangling continues are errors", () => {
    expect(() => readmePrograms(readmeBlocks(`<!-- readme-test: fragment -->\n${fence}ts\nx;\n${fence}\n`))).toThrow(/unknown marker/);
    expect(() => readmePrograms(readmeBlocks(`<!-- readme-test: skip: -->\n${fence}ts\nx;\n${fence}\n`))).toThrow(/needs a reason/);
    expect(() =>
      readmePrograms(readmeBlocks(`${fence}ts\nx;\n${fence}\n\n<!-- readme-test: continues -->\n${fence}ts\ny;\n${fence}\n`)),
    ).toThrow(/must follow an in-stack block/);
  });

  test("an unmarked block is a complete program: a fragment fails to type-check", () => {
    const { programs } = readmePrograms(
      readmeBlocks(`${fence}ts\naccess.protectApplication("x", { domain: "x.company.com" });\n${fence}\n`),
    );
    expect(typeCheck(programs).get(programs[0])!.join("\n")).toMatch(/Cannot find name 'access'/);
  });
});
