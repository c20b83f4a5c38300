import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cdktfImportsIn, cloudflareModulesOf, rewriteForCdktn } from "../../editions/cdktn/imports";

/** The rewrite that turns lib/ into the cdktn edition, and the check that fails its build when cdktf is left. */
describe("cdktn edition: import rewrite and check", () => {
  const build = "/build";
  const cloudflareDir = "/build/.gen/providers/cloudflare";

  test("cdktf becomes cdktn, deep Cloudflare imports become the bundled bindings, the package name the edition's", () => {
    const source = [
      'import { Fn, Token } from "cdktf";',
      'import { Testing } from "cdktf/lib/testing";',
      'export { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";',
      'const marker = Symbol.for("cdktf-authentik-cloudflare-access.AuthentikCloudflareAccess");',
      'import { Construct } from "constructs";',
    ].join("\n");
    expect(rewriteForCdktn(source, { source: "lib/providers.ts", target: `${build}/lib/providers.ts`, cloudflareDir })).toBe(
      [
        'import { Fn, Token } from "cdktn";',
        'import { Testing } from "cdktn/lib/testing";',
        'export { DnsRecord } from "../.gen/providers/cloudflare/dns-record";',
        'const marker = Symbol.for("cdktn-authentik-cloudflare-access.AuthentikCloudflareAccess");',
        'import { Construct } from "constructs";',
      ].join("\n"),
    );
    expect(
      rewriteForCdktn('import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";', {
        source: "lib/verify/x.ts",
        target: `${build}/lib/verify/x.ts`,
        cloudflareDir,
      }),
    ).toBe('import { DnsRecord } from "../../.gen/providers/cloudflare/dns-record";');
  });

  test("an import of another @cdktf package fails the rewrite, naming file and import", () => {
    expect(() =>
      rewriteForCdktn('import { Instance } from "@cdktf/provider-aws/lib/instance";', {
        source: "lib/x.ts",
        target: `${build}/lib/x.ts`,
        cloudflareDir,
      }),
    ).toThrow("lib/x.ts: no cdktn replacement for the import of @cdktf/provider-aws/lib/instance");
  });

  test("the Cloudflare modules are read from the imports", () => {
    expect(
      cloudflareModulesOf([
        'export { ZeroTrustAccessPolicy } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";\nexport type { ZeroTrustAccessPolicyInclude } from "@cdktf/provider-cloudflare/lib/zero-trust-access-policy";',
        'import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";',
      ]),
    ).toEqual(["dns-record", "zero-trust-access-policy"]);
  });

  test("the check finds every import of cdktf left in compiled code, and nothing else", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-imports-"));
    try {
      fs.mkdirSync(path.join(dir, "lib"));
      fs.writeFileSync(
        path.join(dir, "lib", "a.js"),
        [
          'const cdktn = require("cdktn");',
          'const cdktf = require("cdktf");',
          'const lazy = () => import("@cdktf/provider-cloudflare");',
          'const name = "cdktf-authentik-cloudflare-access"; // a string, not an import',
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "lib", "a.d.ts"), 'import { Fn } from "cdktf/lib/terraform-functions";\nimport "cdktn";');
      expect(cdktfImportsIn(dir)).toEqual([
        "lib/a.d.ts: cdktf/lib/terraform-functions",
        "lib/a.js: cdktf",
        "lib/a.js: @cdktf/provider-cloudflare",
      ]);
      fs.writeFileSync(path.join(dir, "lib", "a.js"), 'const cdktn = require("cdktn");');
      fs.writeFileSync(path.join(dir, "lib", "a.d.ts"), 'import { Fn } from "cdktn";');
      expect(cdktfImportsIn(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
