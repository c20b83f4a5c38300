/**
 * Package suite: the artifacts of `npm run package` (dist/packages) installed the way users
 * install them: the Python wheel in a fresh virtual environment, the cdktn edition in a fresh
 * cdktn app synthesised by cdktn-cli on Node 22. Needs python3 and the npm registry and PyPI;
 * rebuilds the artifacts first when they are missing or older than their sources.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/packages"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  globalSetup: "<rootDir>/test/packages/global-setup.js",
  globalTeardown: "<rootDir>/test/tmpdir-teardown.js",
  testTimeout: 300000,
};
