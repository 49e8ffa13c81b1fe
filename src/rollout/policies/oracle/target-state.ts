import { applyFilePatch } from "../../../repo/apply-file-patch.js";
import { splitFileDiffs } from "../../../repo/file-diffs.js";
import { git } from "../../../repo/git.js";
import type { Task } from "../../../schema/records.js";

/** A file the fix changes: its content at the base commit and after the fix (null: absent). */
export interface TargetFile {
  path: string;
  base: string | null;
  target: string | null;
}

/**
 * What every file of the gold patch should hold once the task is solved, computed in memory from
 * the base commit's blobs: nothing is written to the workspace's object store, where an agent
 * sharing the workspace (DAgger) could find the answer.
 */
export async function targetState({ task, workspace }: { task: Task; workspace: string }): Promise<TargetFile[]> {
  const files: TargetFile[] = [];
  for (const diff of splitFileDiffs({ patch: task.goldPatch })) {
    if (diff.binary || diff.submodule) continue;
    const base = diff.oldPath ? await blobAt(workspace, task.baseCommit, diff.oldPath) : null;
    const target = diff.newPath ? applyFilePatch({ original: base ?? "", patch: diff.patch, path: diff.path }) : null;
    if (diff.renamed && diff.oldPath) files.push({ path: diff.oldPath, base, target: null });
    if (diff.newPath) {
      const newBase = diff.renamed ? await blobAt(workspace, task.baseCommit, diff.newPath) : base;
      files.push({ path: diff.newPath, base: newBase, target });
    } else if (diff.oldPath) {
      files.push({ path: diff.oldPath, base, target: null });
    }
  }
  return files;
}

async function blobAt(workspace: string, commit: string, path: string): Promise<string | null> {
  try {
    return await git({ cwd: workspace, args: ["show", `${commit}:${path}`] });
  } catch {
    return null;
  }
}
