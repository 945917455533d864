/** Running the review on real previews: the preview saved to a file, the review run as a process, golden Markdown. */
import fs from "node:fs";
import path from "node:path";
import { E2EStack, RunResult, runProcess } from "../e2e/harness";

const GOLDEN = path.join(__dirname, "..", "review", "golden");

/** Runs `node <script> ...args` (a review bin of dist/). */
export const runNode = (script: string, args: string[]): Promise<RunResult> =>
  runProcess(process.execPath, [script, ...args]);

/** Saves a real `pulumi preview --json` of `stack` as `<dir>/<name>.json`; returns the path. */
export async function previewJson(stack: E2EStack, dir: string, name: string, extra: string[] = []): Promise<string> {
  const result = await stack.run(["preview", "--json", ...extra]);
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, result.stdout);
  return file;
}

/** The Markdown equals `test/review/golden/<name>.md` (`UPDATE_GOLDEN=1` rewrites it). */
export function expectGolden(name: string, markdown: string): void {
  const file = path.join(GOLDEN, `${name}.md`);
  if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, markdown);
  expect(markdown).toBe(fs.readFileSync(file, "utf8"));
}
