/** Unit tests: synthesised JSON, validation errors, bindings freshness. No Go, no Terraform. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/terraform/", "<rootDir>/test/packages/", "<rootDir>/test/e2e/"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/tmpdir-setup.js",
  globalTeardown: "<rootDir>/test/tmpdir-teardown.js",
};
