import { lstatSync } from "node:fs";
import { join } from "node:path";
import { git } from "../../repo/git.js";

/**
 * The repository's files as the agent should see them: tracked and untracked, without what
 * .gitignore excludes, deleted files or anything inside node_modules (the dependency link).
 */
export async function listRepoFiles(workspace: string): Promise<string[]> {
  const listed = (await git({ cwd: workspace, args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"] })).split("\0");
  const files = new Set<string>();
  for (const path of listed) {
    if (!path || isDependencyPath(path) || files.has(path)) continue;
    if (exists(join(workspace, path))) files.add(path);
  }
  return [...files].sort();
}

/** True for node_modules and anything inside one, at any depth. */
export function isDependencyPath(path: string): boolean {
  return /(^|\/)node_modules(\/|$)/.test(path);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
