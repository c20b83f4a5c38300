/**
 * Jest global setup and teardown: every test run gets a temporary directory of its own
 * as TMPDIR (workers inherit it), and the run fails if a test left anything in it.
 * cdktf's Testing helpers, `npm pack`, the property-based suite and the Terraform
 * runs all make folders under the OS temporary directory; thousands of cases must
 * not fill the disk.
 */
const fs = require("fs");
const os = require("os");
const path = require("path");

const KEY = "ACCA_TEST_TMPDIR";

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-jest-"));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
  // ts-node (the bin's fallback in an unbuilt checkout) keeps a compile cache under the temporary directory.
  process.env.DISABLE_V8_COMPILE_CACHE = "1";
  // Node.js 22+ tools (npm among them) keep a module compile cache there too, node-compile-cache.
  process.env.NODE_DISABLE_COMPILE_CACHE = "1";
}

async function teardown() {
  const dir = process.env[KEY];
  if (!dir) return;
  const left = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`tests left ${left.length} temporary entries behind: ${left.slice(0, 10).join(", ")}`);
  }
}

module.exports = { setup, teardown };
