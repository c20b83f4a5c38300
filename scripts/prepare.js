#!/usr/bin/env node
/**
 * npm's `prepare` script. npm runs it after `npm install`/`npm ci` in a checkout and, for a git dependency
 * (`npm install git+<url>`), in the clone it makes before packing it: without a build that package has no
 * dist/ and its first `require` fails. It builds only when dist/ lacks the compiled library, so `npm ci` in a
 * working checkout that has been built stays instant; `npm pack` rebuilds anyway (prepack), and
 * `npm run build` refreshes a stale dist/.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const built = ["dist/lib/index.js", "dist/lib/index.d.ts", ".jsii"].every((file) => fs.existsSync(path.join(root, file)));
if (built) {
  process.stderr.write("prepare: dist/ is built; `npm run build` rebuilds it\n");
} else {
  process.stderr.write("prepare: building dist/ (npm run build)\n");
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, "run", "build"]] : ["npm", ["run", "build"]];
  execFileSync(command, args, { cwd: root, stdio: ["ignore", 2, 2] });
}
