import { realpathSync } from "node:fs";
import type { KaizenConfig } from "../config/config-schema.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import { SandboxUnavailableError } from "../sandbox/sandbox-errors.js";
import type { ReviewCheck, Task } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { openTestSession } from "../test-runners/test-session.js";
import { UserError } from "../user-error.js";
import type { WorkspacePool } from "../workspace/workspace-pool.js";
import { introducedProblems } from "./introduced-problems.js";
import { eslintCheck, pyflakesCheck, ruffCheck, tscCheck, type CheckProblem, type Exec, type StaticCheckTool, type ToolRun } from "./static-check-tools.js";
import { gitApply } from "../repo/git-apply.js";

export interface StaticChecksOptions {
  task: Task;
  /** The resolved patch: a git diff against task.baseCommit. */
  patch: string;
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  pool: WorkspacePool;
  sandbox: boolean;
  /** Where to fetch the repository from: store.repos.get(task.repo)!.source normally. */
  source: string;
  /**
   * Tool runs at base commits, shared by the patches of one task so the base is checked once.
   * Keyed by repository, commit, tool and files.
   */
  baseRuns?: Map<string, Promise<ToolRun>>;
}

/**
 * The checks, one per group, in the order they are reported; within a group the first tool that
 * is installed runs (ruff covers pyflakes' rules). A group applies when the patch touches a file
 * its tools read.
 */
const CHECK_GROUPS: StaticCheckTool[][] = [[tscCheck], [eslintCheck], [ruffCheck, pyflakesCheck]];

/**
 * The static checks available for the patch's languages, each run at the base commit and on the
 * patched code in one fresh workspace under the sandbox; a check fails only on problems the patch
 * introduced (compared by file and message, since line numbers shift). A check that cannot run is
 * `skipped` with the reason. Throws only when the sandbox cannot start.
 */
export async function staticChecks(options: StaticChecksOptions): Promise<ReviewCheck[]> {
  const { task, patch, pool, source } = options;
  const diffs = splitFileDiffs({ patch }).filter((diff) => !diff.binary && !diff.submodule);
  const afterFiles = diffs.flatMap((diff) => (diff.newPath ? [diff.newPath] : []));
  /** Base path → path after the patch, so problems in a renamed file still compare. */
  const renamed = new Map(diffs.flatMap((diff) => (diff.oldPath && diff.newPath && diff.oldPath !== diff.newPath ? [[diff.oldPath, diff.newPath] as const] : [])));
  const touched = diffs.map((diff) => diff.path);
  const groups = CHECK_GROUPS.filter((tools) => touched.some((path) => tools[0]!.accepts(path)));
  if (groups.length === 0) return [skipped("static checks", "the patch touches no TypeScript, JavaScript or Python file, so no static check applies")];

  const workspace = await pool.acquire({ repoName: task.repo, baseCommit: task.baseCommit, source });
  try {
    const root = realpathSync(workspace.path);
    const base = await environment(options, root);
    if (typeof base === "string") return groups.map((tools) => skipped(groupName(tools), `the repository's dependencies at the base commit could not be set up: ${base}`));

    // Which tool of each group runs is decided at the base commit, where the comparison starts.
    const chosen: ({ tool: StaticCheckTool } | { name: string; why: string })[] = [];
    for (const tools of groups) {
      const reasons: string[] = [];
      let picked: StaticCheckTool | undefined;
      for (const tool of tools) {
        const why = await tool.unavailable({ workspace: root, exec: base });
        if (why === undefined) {
          picked = tool;
          break;
        }
        reasons.push(why);
      }
      chosen.push(picked ? { tool: picked } : { name: groupName(tools), why: reasons.join("; ") });
    }

    const baseFiles = diffs.flatMap((diff) => (diff.oldPath ? [diff.oldPath] : []));
    const before = new Map<StaticCheckTool, ToolRun>();
    for (const entry of chosen) {
      if (!("tool" in entry)) continue;
      const files = baseFiles.filter((path) => entry.tool.accepts(path));
      before.set(entry.tool, await baseRun(options, entry.tool, files, () => runTool(entry.tool, root, base, files)));
    }

    const applied = await gitApply(root, patch);
    if (!applied.ok) return [{ name: "patch applies", status: "failed", detail: `the patch does not apply at the base commit: ${applied.detail}` }];
    // The patch may change the dependencies (a lockfile), so they are linked again for the patched code.
    const after = await environment(options, root);

    const checks: ReviewCheck[] = [];
    for (const entry of chosen) {
      if (!("tool" in entry)) {
        checks.push(skipped(entry.name, entry.why));
        continue;
      }
      const { tool } = entry;
      const files = afterFiles.filter((path) => tool.accepts(path));
      const atBase = before.get(tool)!;
      if (typeof after === "string") checks.push(skipped(tool.name, `the patched code's dependencies could not be set up: ${after}`));
      else if (!atBase.ran) checks.push(skipped(tool.name, `could not run at the base commit to compare with: ${atBase.why}`));
      else if (!tool.wholeProject && files.length === 0) checks.push(skipped(tool.name, "the patch only deletes the files it would check"));
      else checks.push(compare(tool, atBase.problems, await runTool(tool, root, after, files), { renamed, files }));
    }
    return checks;
  } finally {
    pool.release(workspace);
  }
}

/** The check's verdict: failed on any problem after the patch that the base commit did not have. */
function compare(tool: StaticCheckTool, atBase: CheckProblem[], patched: ToolRun, { renamed, files }: { renamed: Map<string, string>; files: string[] }): ReviewCheck {
  if (!patched.ran) return { name: tool.name, status: "failed", detail: `could not run on the patched code (it did at the base commit): ${patched.why}` };
  const before = atBase.map((problem) => ({ ...problem, file: renamed.get(problem.file) ?? problem.file }));
  const introduced = introducedProblems({ before, after: patched.problems });
  const scope = tool.wholeProject ? "the whole project" : `${files.length} changed file${files.length === 1 ? "" : "s"}`;
  if (introduced.length === 0) return { name: tool.name, status: "passed", detail: `no new problems on ${scope} (${atBase.length} at the base commit, ${patched.problems.length} after the patch)` };
  const shown = introduced.slice(0, 5).map((problem) => `${problem.file || "(project)"}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`);
  const more = introduced.length > 5 ? `; and ${introduced.length - 5} more` : "";
  return { name: tool.name, status: "failed", detail: `${introduced.length} new problem${introduced.length === 1 ? "" : "s"} on ${scope}: ${shown.join("; ")}${more}` };
}

/**
 * Runs commands in the workspace as its tests run: dependencies linked (installed once per
 * lockfile), same sandbox, environment and limits. A setup problem the user can fix (an install
 * that fails) comes back as its message, so the check is skipped with it; a missing sandbox throws.
 */
async function environment(options: StaticChecksOptions, workspace: string): Promise<Exec | string> {
  const { runDir, task, config, store, sandbox } = options;
  try {
    const session = await openTestSession({ runDir, repoName: task.repo, workspace, config, store, sandbox });
    const timeoutMs = config.test.timeoutSec * 1000;
    return ({ command, args }) => session.exec({ command, args, timeoutMs });
  } catch (error) {
    if (error instanceof SandboxUnavailableError || !(error instanceof UserError)) throw error;
    return error.message.split("\n")[0]!;
  }
}

async function runTool(tool: StaticCheckTool, workspace: string, exec: Exec, files: string[]): Promise<ToolRun> {
  if (!tool.wholeProject && files.length === 0) return { ran: true, problems: [] };
  return tool.run({ workspace, exec, files });
}

/** The tool's run at the task's base commit, run once per repository, commit, tool and files. */
function baseRun(options: StaticChecksOptions, tool: StaticCheckTool, files: string[], run: () => Promise<ToolRun>): Promise<ToolRun> {
  if (!options.baseRuns) return run();
  const key = [options.task.repo, options.task.baseCommit, tool.name, ...(tool.wholeProject ? [] : files)].join("\0");
  let pending = options.baseRuns.get(key);
  if (!pending) {
    pending = run();
    options.baseRuns.set(key, pending);
    pending.catch(() => options.baseRuns?.delete(key));
  }
  return pending;
}

function groupName(tools: StaticCheckTool[]): string {
  return tools.map((tool) => tool.name).join(" / ");
}

function skipped(name: string, detail: string): ReviewCheck {
  return { name, status: "skipped", detail };
}
