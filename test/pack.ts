import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");

/**
 * Copies the working tree (tracked and untracked files that git does not ignore) to `<work>/source`, with
 * node_modules linked from the checkout. Packing happens in the copy: `prepack` rebuilds dist/, which other
 * test files running at the same time (the verify bin) read in the checkout.
 */
export function sourceCopy(work: string): string {
  const source = path.join(work, "source");
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  // node_modules is excluded by name too: in a git worktree it may be a symlink, which `node_modules/` does not ignore.
  for (const file of listed.split("\0").filter((f) => f && f !== "node_modules" && fs.existsSync(path.join(ROOT, f)))) {
    fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(source, file));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
  return source;
}

/** Packs the library as `npm publish` would, from a copy of the working tree; the tarball lands in `work`. */
export function packLibrary(work: string): { tarball: string; files: string[]; source: string } {
  const source = sourceCopy(work);
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: source,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  )[0];
  return { tarball: path.join(work, packed.filename), files: packed.files.map((f: { path: string }) => f.path).sort(), source };
}

/** The versions the library is built and tested with (its devDependencies). */
export function devDependencies(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies;
}
