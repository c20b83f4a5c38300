/**
 * Global setup of the package suite: runs `npm run package` (scripts/package.sh) when an
 * artifact in dist/packages is missing or older than a file it is built from, then gives
 * the run its own TMPDIR (test/tmpdir.js). The build runs first, with the usual TMPDIR:
 * jsii-pacmak's temporary build folders are its own business.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const tmpdir = require("../tmpdir");
const { artifacts, ROOT } = require("./artifacts");

const INPUTS = [
  "lib",
  ".gen",
  "bin",
  "schemas",
  "package.json",
  "package-lock.json",
  "versions.json",
  "README.md",
  "API.md",
  "LICENSE",
  "scripts/package.sh",
  "editions/cdktn/build.ts",
  "editions/cdktn/imports.ts",
  "editions/cdktn/package.json",
  "editions/cdktn/package-lock.json",
];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((entry) => newestMtime(path.join(file, entry))));
}

function stale() {
  const built = artifacts();
  if (Object.values(built).some((file) => file === undefined)) return "missing";
  const oldest = Math.min(...Object.values(built).map((file) => fs.statSync(file).mtimeMs));
  const changed = INPUTS.filter((input) => newestMtime(path.join(ROOT, input)) > oldest);
  return changed.length > 0 ? `older than ${changed.join(", ")}` : undefined;
}

module.exports = async function globalSetup() {
  const reason = stale();
  if (reason) {
    process.stderr.write(`\ndist/packages is ${reason}: running npm run package\n`);
    execFileSync("bash", [path.join(ROOT, "scripts", "package.sh")], { cwd: ROOT, stdio: ["ignore", 2, 2] });
  }
  await tmpdir.setup();
};
