#!/usr/bin/env node
/**
 * `npm run test:e2e`: the end-to-end suite against the real services the environment
 * names. Without AUTHENTIK_URL it runs nothing and says what to set; CI does not run it.
 */
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

if (!process.env.AUTHENTIK_URL) {
  console.log(
    "test:e2e skipped: set AUTHENTIK_URL and AUTHENTIK_TOKEN (a disposable or staging authentik), optionally AUTHENTIK_PUBLIC_URL, CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID and TF_CLI_CONFIG_FILE (see README, Run the end-to-end suite)",
  );
  process.exit(0);
}

const jest = require.resolve("jest/bin/jest");
const root = path.resolve(__dirname, "..", "..");
const result = spawnSync(process.execPath, [jest, "--config", path.join(root, "jest.e2e.config.js"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status === null ? 1 : result.status);
