import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "../repo/git.js";

/**
 * Everything the agent changed, as one binary-safe diff against the base commit: edits, new files
 * (unless ignored) and deletions, whether or not the agent committed them. A throwaway index is
 * used, so the workspace's own index and HEAD are left as the agent left them.
 */
export async function finalPatch({ workspace, baseCommit }: { workspace: string; baseCommit: string }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "kaizen-index-"));
  const env = { GIT_INDEX_FILE: join(dir, "index") };
  try {
    await git({ cwd: workspace, args: ["read-tree", baseCommit], env });
    await git({ cwd: workspace, args: ["add", "-A", "--", "."], env });
    return await git({ cwd: workspace, args: ["diff", "--cached", "--binary", "--no-color", "--no-ext-diff", "--no-textconv", baseCommit], env });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
