import { isAbsolute, relative, resolve } from "node:path";
import type { ShellWord } from "./parse-shell-command.js";

/**
 * Where a path in a command points, relative to the workspace:
 * - `inside`: a path in the workspace, outside `.git`;
 * - `git`: the repository's `.git` or something in it (a glob that can match `.git` counts);
 * - `workspace`: the workspace directory itself;
 * - `scratch`: under the sandbox's private /tmp, and not above the workspace;
 * - `outside`: anywhere else, the home directory included;
 * - `unknown`: depends on a variable or a command's output, so only the sandbox can tell.
 */
export type PathPlace = "inside" | "git" | "workspace" | "scratch" | "outside" | "unknown";

export interface ClassifiedPath {
  place: PathPlace;
  /** The path as resolved (`~` kept as written), for messages. */
  path: string;
}

/**
 * Scratch space commands may clean up: the sandbox mounts a private tmpfs on /tmp (and points
 * HOME there), so deleting under it cannot reach anything else. `rm -rf ~` is still refused,
 * because outside the sandbox it would not be harmless.
 */
const SCRATCH_ROOTS = ["/tmp"];

export interface ClassifyPathOptions {
  word: ShellWord;
  /** The command's working directory; undefined when a `cd` made it unknowable. */
  cwd: string | undefined;
  /** Absolute and normalised. */
  workspace: string;
}

export function classifyPath(options: ClassifyPathOptions): ClassifiedPath {
  const { word, cwd, workspace } = options;
  let text = word.text;
  if (word.substitutions.length > 0) return { place: "unknown", path: text };
  if (/^~[^/]*(?:\/|$)/.test(text) || /^\$(?:HOME|\{HOME\})(?:\/|$)/.test(text)) return { place: "outside", path: text };
  const pwd = /^\$(?:PWD|\{PWD\})(?=\/|$)/.exec(text);
  if (pwd) {
    if (cwd === undefined) return { place: "unknown", path: text };
    text = cwd + text.slice(pwd[0].length);
  }
  if (text.startsWith("$")) return { place: "unknown", path: text };
  if (!isAbsolute(text) && cwd === undefined) return { place: "unknown", path: text };

  const absolute = resolve(cwd ?? "/", text);
  const inWorkspace = relative(workspace, absolute);
  if (inWorkspace === "") return { place: "workspace", path: absolute };
  if (inWorkspace === ".." || inWorkspace.startsWith("../") || isAbsolute(inWorkspace)) {
    const scratch = SCRATCH_ROOTS.some((root) => isStrictlyUnder(absolute, root) && !isStrictlyUnder(workspace, absolute));
    return { place: scratch ? "scratch" : "outside", path: absolute };
  }
  const segments = inWorkspace.split("/");
  if (segments.some((segment) => isGitSegment(segment, word.glob))) return { place: "git", path: absolute };
  return { place: "inside", path: absolute };
}

/** `.git` in any case (case-insensitive file systems), or a glob segment that would match it. */
export function isGitSegment(segment: string, glob = false): boolean {
  if (segment.toLowerCase() === ".git") return true;
  // The shell only lets a leading dot be matched by a literal dot.
  if (!glob || !segment.startsWith(".") || !/[*?[]/.test(segment)) return false;
  return segmentGlob(segment).test(".git");
}

function segmentGlob(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else if (char === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        source += `[${segment.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += char.replace(/[.+^$()|\\{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

function isStrictlyUnder(path: string, root: string): boolean {
  return path.startsWith(root.endsWith("/") ? root : `${root}/`);
}
