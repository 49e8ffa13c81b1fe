import { applyFilePatch } from "../repo/apply-file-patch.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import type { Task } from "../schema/records.js";

/**
 * The FAIL_TO_PASS tests' files as the judge runs them: each at the base commit with the task's
 * test patch applied, by path. A file whose patch does not fit keeps its base content.
 */
export async function failingTestSources({ task, readBase }: { task: Task; readBase: (path: string) => Promise<string | undefined> }): Promise<Record<string, string>> {
  const sources: Record<string, string> = {};
  const testDiffs = splitFileDiffs({ patch: task.testPatch });
  const paths = new Set([...task.failToPass.map((id) => id.split("::")[0]!).filter(Boolean), ...testDiffs.flatMap((diff) => (diff.newPath ? [diff.newPath] : []))]);
  for (const path of paths) {
    const base = await readBase(path);
    const diff = testDiffs.find((d) => d.newPath === path);
    try {
      const content = diff ? applyFilePatch({ original: base ?? "", patch: diff.patch, path }) : base;
      if (content !== undefined) sources[path] = content;
    } catch {
      if (base !== undefined) sources[path] = base;
    }
  }
  return sources;
}
