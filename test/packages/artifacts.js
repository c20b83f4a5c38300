/** Where `npm run package` (scripts/package.sh) puts each artifact; undefined when it is missing. */
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const PACKAGES = path.join(ROOT, "dist", "packages");

function find(dir, pattern) {
  const full = path.join(PACKAGES, dir);
  const found = fs.existsSync(full) ? fs.readdirSync(full).filter((f) => pattern.test(f)) : [];
  if (found.length > 1) throw new Error(`more than one match for ${pattern} in ${full}: ${found.join(", ")}`);
  return found.length === 1 ? path.join(full, found[0]) : undefined;
}

function artifacts() {
  return {
    cdktfTarball: find("js", /^cdktf-authentik-cloudflare-access@.*\.jsii\.tgz$/),
    cdktnTarball: find("js", /^cdktn-authentik-cloudflare-access-.*\.tgz$/),
    wheel: find("python", /^cdktf_authentik_cloudflare_access-.*-py3-none-any\.whl$/),
  };
}

module.exports = { artifacts, ROOT, PACKAGES };
