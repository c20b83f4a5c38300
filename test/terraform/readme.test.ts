import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readmePrograms, runProgram } from "../readme-blocks";
import { providersInfo, validateDirectory } from "./terraform";

const info = providersInfo();
const runnable = readmePrograms().programs.filter((p) => p.mode === "run");

/** What the README's TypeScript blocks synthesise (test/readme.test.ts) passes `terraform validate`. */
describe(`README.md's TypeScript blocks validate with ${info.cliName}`, () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test.each(runnable.map((p) => [p.name, p] as const))("%s", (_name, program) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "acca-readme-"));
    outdirs.push(outdir);
    const stacks = Object.keys(runProgram(program, outdir, require));
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const result = validateDirectory(path.join(outdir, "stacks", stack), info);
      expect(result.diagnostics.filter((d) => d.startsWith("error"))).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });
});
