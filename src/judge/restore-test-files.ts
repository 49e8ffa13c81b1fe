import { existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { git } from "../repo/git.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import { isTestSupportPath } from "./is-test-support-path.js";
import { restoreTestSettings } from "./restore-test-settings.js";

export interface RestoreTestFilesOptions {
  /** A work tree whose HEAD is the task's base commit, with the agent's patch applied. */
  workspace: string;
  /** The agent's patch, which says which files it touched. */
  patch: string;
  /** The task's test patch: every file it touches must be at its base content for it to apply. */
  testPatch: string;
}

export interface RestoredTestFiles {
  /** Files put back whole to their base content, or removed when the patch created them. */
  files: string[];
  /** Files that mix test settings with other things, whose test settings alone were put back. */
  settings: { path: string; settings: string[] }[];
}

// Paths come from a diff; `:(glob)` or `*` in one must not widen what is checked out.
const LITERAL = { GIT_LITERAL_PATHSPECS: "1" };

/**
 * SWE-bench's "reset the test files" for one agent patch: every file the patch touched that is
 * test support (`isTestSupportPath`) or that the task's test patch touches goes back to the base
 * commit (a file the patch created is removed), and mixed files (`package.json`, `pyproject.toml`,
 * `setup.cfg`) get their test settings back (`restoreTestSettings`).
 */
export async function restoreTestFiles({ workspace, patch, testPatch }: RestoreTestFilesOptions): Promise<RestoredTestFiles> {
  const pathsOf = (diff: string) => splitFileDiffs({ patch: diff }).flatMap((section) => [section.oldPath, section.newPath].filter((path) => path !== undefined));
  const touched = [...new Set(pathsOf(patch))].filter((path) => insideWorkspace(workspace, path));
  if (touched.length === 0) return { files: [], settings: [] };
  const testPatchPaths = new Set(pathsOf(testPatch));
  const atBase = new Set((await git({ cwd: workspace, args: ["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", ...touched], env: LITERAL })).split("\0").filter(Boolean));

  const whole = touched.filter((path) => isTestSupportPath(path) || testPatchPaths.has(path));
  const tracked = whole.filter((path) => atBase.has(path));
  for (const path of whole.filter((path) => !atBase.has(path))) rmSync(join(workspace, path), { recursive: true, force: true });
  if (tracked.length > 0) await git({ cwd: workspace, args: ["checkout", "HEAD", "--", ...tracked], env: LITERAL });

  const settings: RestoredTestFiles["settings"] = [];
  for (const path of touched.filter((path) => !whole.includes(path))) {
    const file = join(workspace, path);
    if (!existsSync(file) || !lstatSync(file).isFile()) continue;
    const base = atBase.has(path) ? await git({ cwd: workspace, args: ["show", `HEAD:${path}`] }) : undefined;
    const restored = restoreTestSettings({ path, base, patched: readFileSync(file, "utf8") });
    if (!restored) continue;
    writeFileSync(file, restored.text);
    settings.push({ path, settings: restored.settings });
  }
  return { files: whole, settings };
}

function insideWorkspace(workspace: string, path: string): boolean {
  const rel = relative(workspace, resolve(workspace, path));
  return rel !== "" && !rel.startsWith("..") && !path.startsWith("/");
}
