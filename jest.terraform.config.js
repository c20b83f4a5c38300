/** Real-provider suite: terraform init (offline, local mirror) + terraform validate. Needs `npm run providers` first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/terraform"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/tmpdir-setup.js",
  globalTeardown: "<rootDir>/test/tmpdir-teardown.js",
  testTimeout: 300000,
  maxWorkers: 2,
};
