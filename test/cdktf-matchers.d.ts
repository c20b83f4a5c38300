// Types for the matchers that `Testing.setupJest()` (test/setup.ts) registers.
declare namespace jest {
  interface Matchers<R> {
    toBeValidTerraform(): R;
    toPlanSuccessfully(): R;
  }
}
