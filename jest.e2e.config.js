/**
 * End-to-end suite: deploys to the real authentik (and Cloudflare, when given an account)
 * named by the environment, logs in and cleans up. Run it with `npm run test:e2e`, which
 * runs nothing without AUTHENTIK_URL. One worker: the stacks share users and groups.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  globalSetup: "<rootDir>/test/tmpdir-setup.js",
  globalTeardown: "<rootDir>/test/tmpdir-teardown.js",
  testTimeout: 900000,
  maxWorkers: 1,
};
