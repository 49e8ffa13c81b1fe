import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { isGitSegment } from "./classify-path.js";

export interface CheckWritePathOptions {
  /** The path an edit or patch names: repository-relative, or absolute inside the workspace. */
  path: string;
  /** The workspace's absolute path. */
  workspace: string;
}

export type WritePathVerdict = { allowed: true; absolute: string } | { allowed: false; reason: string; hint: string };

// Callers print `blocked: REASON. HINT`, so neither ends in a full stop.
const INSIDE_HINT = "Give a path inside the repository, relative to its root (e.g. src/index.ts)";
const GIT_HINT = "Leave .git to git: change repository state with git commands through bash (`git checkout -- FILE`, `git stash`)";
/** Symbolic links followed before giving up on a chain (the kernel's own limit). */
const MAX_LINKS = 40;

/**
 * Whether an edit may write `path`: it must resolve inside the workspace, stay out of `.git`,
 * and not reach elsewhere through a symbolic link (checked on the deepest part that exists, so
 * a new file under a linked directory, or a dangling link, is caught too).
 */
export function checkWritePath(options: CheckWritePathOptions): WritePathVerdict {
  const workspace = resolve(options.workspace);
  const given = options.path.trim();
  if (given === "" || given.includes("\0")) {
    return { allowed: false, reason: `${JSON.stringify(options.path)} is not a file path`, hint: INSIDE_HINT };
  }
  const absolute = resolve(workspace, given);
  const inWorkspace = relative(workspace, absolute);
  if (isOutside(inWorkspace)) {
    const reason = isAbsolute(given) ? `${given} is outside the workspace ${workspace}` : `${given} climbs out of the workspace with ..`;
    return { allowed: false, reason, hint: INSIDE_HINT };
  }
  if (inWorkspace === "") return { allowed: false, reason: `${given} is the workspace directory itself, not a file`, hint: INSIDE_HINT };
  if (inWorkspace.split("/").some((segment) => isGitSegment(segment))) {
    return { allowed: false, reason: `${inWorkspace} is inside .git, git's own data`, hint: GIT_HINT };
  }

  const realWorkspace = realOrSelf(workspace);
  const realInWorkspace = relative(realWorkspace, realTarget(absolute));
  if (isOutside(realInWorkspace)) {
    return {
      allowed: false,
      reason: `${inWorkspace} goes through a symbolic link to a place outside the workspace`,
      hint: "Edit only files whose real location is inside the repository; leave the link as it is",
    };
  }
  if (realInWorkspace.split("/").some((segment) => isGitSegment(segment))) {
    return { allowed: false, reason: `${inWorkspace} is a symbolic link into .git`, hint: GIT_HINT };
  }
  return { allowed: true, absolute };
}

function isOutside(path: string): boolean {
  return path === ".." || path.startsWith("../") || isAbsolute(path);
}

/** Where writing `path` would land: symbolic links resolved on its deepest existing part. */
function realTarget(path: string, links = 0): string {
  let existing = path;
  const rest: string[] = [];
  while (!exists(existing)) {
    const parent = dirname(existing);
    if (parent === existing) return path;
    rest.unshift(basename(existing));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    // A dangling link: writing through it creates its target, so follow it by hand.
    if (links >= MAX_LINKS) return existing;
    try {
      const target = resolve(realOrSelf(dirname(existing)), readlinkSync(existing));
      return realTarget(join(target, ...rest), links + 1);
    } catch {
      return join(existing, ...rest);
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
