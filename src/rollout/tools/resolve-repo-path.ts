import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ToolContext } from "./define-tool.js";

/** `relative` is repository-relative with forward slashes, "." for the root. */
export type ResolvedRepoPath = { ok: true; absolute: string; relative: string } | { ok: false; message: string };

/**
 * A path the agent gave, read as repository-relative (an absolute path inside the workspace is
 * accepted too). Refuses paths outside the repository, into `.git/`, or through a symlink that
 * leads out of it; `node_modules` may lead into the dependency cache.
 */
export function resolveRepoPath({ context, path }: { context: Pick<ToolContext, "workspace" | "tests">; path: string }): ResolvedRepoPath {
  const workspace = resolve(context.workspace);
  const given = path.trim() === "" ? "." : path.trim();
  const absolute = resolve(workspace, given);
  const inside = relative(workspace, absolute);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return {
      ok: false,
      message: isAbsolute(given)
        ? `${given} is outside the repository; paths are relative to the repository root (e.g. src/index.ts)`
        : `${given} leads outside the repository; paths are relative to the repository root and may not climb above it with ..`,
    };
  }
  const rel = inside === "" ? "." : inside.split(sep).join("/");
  if (rel === ".git" || rel.startsWith(".git/")) {
    return { ok: false, message: `${rel} is git's own data and is not shown; use git_status, git_diff, git_log or git_blame` };
  }

  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { ok: true, absolute, relative: rel };
  }
  const roots = [realOrSelf(workspace), ...(context.tests.dependencies.cacheDir ? [realOrSelf(context.tests.dependencies.cacheDir)] : [])];
  if (!roots.some((root) => real === root || real.startsWith(root + sep))) {
    return { ok: false, message: `${rel} is a symbolic link that leads outside the repository, so it is not shown` };
  }
  return { ok: true, absolute, relative: rel };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
