import { existsSync } from "node:fs";
import type { ToolContext } from "./define-tool.js";
import { resolveRepoPath } from "./resolve-repo-path.js";

/** The test files a call names, repository-relative, or the message for the first that is not there. */
export function resolveTestFiles({ context, files }: { context: Pick<ToolContext, "workspace" | "tests">; files: readonly string[] }): { ok: true; files: string[] } | { ok: false; message: string } {
  const chosen: string[] = [];
  for (const file of files) {
    const resolved = resolveRepoPath({ context, path: file });
    if (!resolved.ok) return { ok: false, message: resolved.message };
    if (!existsSync(resolved.absolute)) return { ok: false, message: `${resolved.relative} does not exist; give test files that exist, or omit files to run every test` };
    chosen.push(resolved.relative);
  }
  return { ok: true, files: chosen };
}
