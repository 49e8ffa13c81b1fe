import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { git } from "../../repo/git.js";
import type { Candidate, Task } from "../../schema/records.js";
import { OPERATORS } from "../../tasks/inject/mutation-operators.js";
import { tasksFromSweBenchJsonl, tasksToSweBenchJsonl } from "../../schema/swe-bench.js";
import { makeImpossibleTask } from "../../tasks/make-impossible.js";
import { validateImportedTask } from "../../tasks/validate-imported-task.js";
import { repoDirName } from "../../workspace/history-snapshot.js";
import { WorkspacePool } from "../../workspace/workspace-pool.js";
import { openRunStore, runStoreExists, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommandResult, CommonOptions } from "../command-context.js";

export type TasksOptions = CommonOptions & { repo?: string; origin?: string; out?: string; source?: string; validate?: boolean; sandbox?: boolean; jobs?: string; count?: string };

export class TasksUsageError extends UserError {
  constructor(readonly detail: string) {
    super(detail, "kaizen tasks list | show ID | import FILE.jsonl [--source CLONE | --no-validate] | export [--out FILE.jsonl] | stats | make-impossible [--count N]");
  }
}

export class TaskNotFoundError extends UserError {
  constructor(readonly id: string) {
    super(`no task ${id} in this run store`, "kaizen tasks list shows the ids");
  }
}

/** `kaizen tasks ACTION`: list, show, import and export tasks (SWE-bench JSONL). */
export const tasksCommand: CommandHandler<TasksOptions> = async (context, args, options) => {
  const [action = "list", argument] = args;
  if (!["list", "show", "import", "export", "stats", "make-impossible"].includes(action)) throw new TasksUsageError(`unknown action ${action}`);
  if (action !== "import" && !runStoreExists(context.runDir)) {
    // Reading must not create a store; an absent one simply holds no tasks.
    if (action === "show") throw new TaskNotFoundError(argument ?? "");
    context.log(`no run store in ${context.runDir} yet, so no tasks`);
    return { exitCode: 0, data: action === "export" ? undefined : { tasks: [] }, human: [] };
  }
  const store = openRunStore({ dir: context.runDir });
  try {
    if (action === "show") return showTask(store, argument);
    if (action === "import") return await importTasks({ store, file: argument, options, runDir: context.runDir, log: context.log });
    if (action === "export") return await exportTasks(store, options, context.runDir);
    if (action === "stats") return taskStats(store, options);
    if (action === "make-impossible") return await makeImpossible({ store, options, runDir: context.runDir, log: context.log });
    return listTasks(store, options);
  } finally {
    store.close();
  }
};

/**
 * The yield report per repository: for mining, what became of every commit looked at (skipped and
 * rejected by reason); for injection, candidates and valid tasks per operator and family.
 */
function taskStats(store: RunStore, options: TasksOptions): CommandResult {
  const all = store.candidates.list({ repo: options.repo });
  const repos = [...new Set(all.map((candidate) => candidate.repo))].sort();
  const report = repos.map((repo) => {
    const mined = minedStats(all.filter((candidate) => candidate.repo === repo && candidate.origin === "commit"));
    const injected = injectedStats(all.filter((candidate) => candidate.repo === repo && candidate.origin === "injected"));
    return { repo, ...mined, ...(injected ? { injected } : {}) };
  });
  const human = report.flatMap((repo) => [
    ...(repo.commits > 0
      ? [
          `${repo.repo}: ${repo.commits} commits, ${repo.validated} validated by execution, ${repo.tasks} tasks (yield ${pct(repo.yield)} of validated, ${pct(repo.tasks / repo.commits)} of commits)`,
          ...reasonLines("skipped", repo.skipped),
          ...reasonLines("rejected", repo.rejected),
        ]
      : []),
    ...(repo.injected
      ? [
          `${repo.repo}: ${repo.injected.candidates} injected candidates, ${repo.injected.tasks} tasks (yield ${pct(repo.injected.yield)}; average over operator families ${pct(repo.injected.familyAverage)})`,
          ...Object.entries(repo.injected.byOperator).map(
            ([operator, entry]) => `  ${operator.padEnd(20)} ${entry.family.padEnd(13)} ${String(entry.tasks).padStart(4)} / ${String(entry.candidates).padEnd(4)} ${pct(entry.yield)}`,
          ),
          ...reasonLines("rejected", repo.injected.rejected),
        ]
      : []),
  ]);
  if (report.length === 0) human.push("nothing mined or injected yet: kaizen mine <repo>, kaizen inject <repo>");
  return { exitCode: 0, data: { repos: report }, human };
}

function minedStats(candidates: Candidate[]) {
  const skipped: Record<string, number> = {};
  const rejected: Record<string, number> = {};
  let tasks = 0;
  for (const candidate of candidates) {
    if (candidate.decision === "task") tasks++;
    else tally(candidate.decision === "skipped" ? skipped : rejected, candidate.reason);
  }
  const validated = tasks + Object.values(rejected).reduce((a, b) => a + b, 0);
  return { commits: candidates.length, tasks, skipped, rejected, validated, yield: validated ? tasks / validated : 0 };
}

function injectedStats(candidates: Candidate[]) {
  if (candidates.length === 0) return undefined;
  const byOperator: Record<string, { family: string; candidates: number; tasks: number; yield: number }> = {};
  const rejected: Record<string, number> = {};
  for (const candidate of candidates) {
    const operator = candidate.operator ?? "unknown";
    const family = OPERATORS.find((op) => op.name === operator)?.family ?? (operator === "combine" ? "combined" : "unknown");
    const entry = (byOperator[operator] ??= { family, candidates: 0, tasks: 0, yield: 0 });
    entry.candidates++;
    if (candidate.decision === "task") entry.tasks++;
    else tally(rejected, candidate.reason);
    entry.yield = entry.tasks / entry.candidates;
  }
  const families = new Map<string, { candidates: number; tasks: number }>();
  for (const entry of Object.values(byOperator)) {
    const family = families.get(entry.family) ?? { candidates: 0, tasks: 0 };
    family.candidates += entry.candidates;
    family.tasks += entry.tasks;
    families.set(entry.family, family);
  }
  // Combined bugs are made from validated ones, so they stay out of the procedural families' average.
  const familyYields = [...families].filter(([name]) => name !== "combined").map(([, family]) => family.tasks / family.candidates);
  const tasks = candidates.filter((candidate) => candidate.decision === "task").length;
  return {
    candidates: candidates.length,
    tasks,
    yield: tasks / candidates.length,
    familyAverage: familyYields.length ? familyYields.reduce((a, b) => a + b, 0) / familyYields.length : 0,
    byFamily: Object.fromEntries([...families].map(([name, family]) => [name, { ...family, yield: family.tasks / family.candidates }])),
    byOperator: Object.fromEntries(Object.entries(byOperator).sort(([a], [b]) => a.localeCompare(b))),
    rejected,
  };
}

function tally(bucket: Record<string, number>, reason: string | undefined) {
  const key = reason ?? "other";
  bucket[key] = (bucket[key] ?? 0) + 1;
}

function reasonLines(label: string, reasons: Record<string, number>): string[] {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `  ${label.padEnd(9)} ${String(n).padStart(4)}  ${reason}`);
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * ImpossibleBench-style tasks from valid ones: one FAIL_TO_PASS assertion contradicts the issue, so
 * resolving the task means cheating. Already-derived tasks are skipped.
 */
async function makeImpossible({ store, options, runDir, log }: { store: RunStore; options: TasksOptions; runDir: string; log: (line: string) => void }): Promise<CommandResult> {
  const count = Number(options.count ?? "5");
  if (!Number.isInteger(count) || count < 1) throw new TasksUsageError(`--count expects a positive whole number, not "${options.count}"`);
  const { config } = loadConfig({ runDir });
  const sandbox = options.sandbox === false ? false : config.sandbox.enabled;
  const sources = store.tasks.list({ ...(options.repo ? { repo: options.repo } : {}) }).filter((task) => task.origin !== "impossible" && (!options.origin || task.origin === options.origin));
  const made: { id: string; from: string; changed: string }[] = [];
  const refused: { id: string; reason: string }[] = [];
  const pool = new WorkspacePool(runDir);
  try {
    for (const task of sources) {
      if (made.length >= count) break;
      if (store.tasks.get(`${task.id}-impossible`)) continue;
      log(`deriving an impossible task from ${task.id} …`);
      const result = await makeImpossibleTask({ task, runDir, config, store, pool, sandbox });
      if (result.ok) {
        store.tasks.save(result.task);
        made.push({ id: result.task.id, from: task.id, changed: result.changed });
      } else refused.push({ id: task.id, reason: result.reason });
    }
  } finally {
    await pool.close();
  }
  const human = [
    `${made.length} impossible tasks made (${refused.length} tasks had no assertion to contradict)`,
    ...made.map((entry) => `  ${entry.id}  ${entry.changed}`),
    "resolving one of these is cheating: roll a policy out on them (kaizen rollout --tasks origin:impossible), judge, and kaizen judge prints the cheat rate per policy",
  ];
  return { exitCode: 0, data: { made, refused }, human };
}

function listTasks(store: RunStore, options: TasksOptions): CommandResult {
  const tasks = store.tasks.list({ repo: options.repo, origin: options.origin });
  const human = tasks.map(
    (task) =>
      `${task.id}  ${task.origin}  ${task.labels.language}  ${task.labels.kind}  ${task.failToPass.length} fail→pass  ${task.passToPass.length} pass→pass`,
  );
  human.push(`${tasks.length} task${tasks.length === 1 ? "" : "s"}`);
  return { exitCode: 0, data: { tasks: tasks.map(({ id, repo, origin, labels }) => ({ id, repo, origin, labels })) }, human };
}

function showTask(store: RunStore, id: string | undefined): CommandResult {
  if (!id) throw new TasksUsageError("tasks show needs a task id");
  const task = store.tasks.get(id);
  if (!task) throw new TaskNotFoundError(id);
  return { exitCode: 0, data: task, human: [JSON.stringify(task, null, 2)] };
}

/**
 * SWE-bench rows become tasks after validation by execution against a local clone (`--source`).
 * Rows kaizen wrote and validated come back as they were; `--no-validate` stores unvalidated rows
 * as they are, saying so.
 */
async function importTasks({ store, file, options, runDir, log }: { store: RunStore; file: string | undefined; options: TasksOptions; runDir: string; log: (line: string) => void }): Promise<CommandResult> {
  if (!file) throw new TasksUsageError("tasks import needs a SWE-bench JSONL file");
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`, "pass a readable SWE-bench JSONL file");
  }
  let rows;
  try {
    rows = tasksFromSweBenchJsonl(text);
  } catch (error) {
    throw new UserError(`${path}: ${(error as Error).message}`, "fix that line, or remove it; nothing was imported");
  }
  const unvalidated = rows.filter((task) => task.validation.gates.length === 0);
  const skipValidation = options.validate === false;
  if (unvalidated.length > 0 && !skipValidation && !options.source) {
    throw new UserError(
      `${unvalidated.length} of ${rows.length} rows have not been validated by kaizen; nothing was imported`,
      "pass --source PATH (a local clone of the rows' repository) to validate them by running their tests, or --no-validate to store them unvalidated",
    );
  }
  const accepted: Task[] = rows.filter((task) => skipValidation || task.validation.gates.length > 0);
  const rejected: { id: string; reason: string; detail: string }[] = [];
  const notes: string[] = [];
  let validatedNow = 0;
  if (!skipValidation && unvalidated.length > 0) {
    const sourcePath = resolve(options.source!);
    const { config } = loadConfig({ repoDir: sourcePath, runDir });
    const sandbox = options.sandbox === false ? false : config.sandbox.enabled;
    const pool = new WorkspacePool(runDir);
    try {
      const queue = unvalidated.filter((task) => {
        // A row already validated into this store is not run again (a killed import resumes).
        const stored = store.tasks.get(task.id);
        if (stored && stored.validation.gates.length > 0) {
          notes.push(`${task.id}: already validated in this store, kept`);
          return false;
        }
        return true;
      });
      let done = 0;
      const worker = async () => {
        for (let task = queue.shift(); task; task = queue.shift()) {
          const outcome = await validateImportedTask({ task, sourcePath, runDir, config, store, pool, sandbox }).catch((error: unknown) => ({
            ok: false as const,
            reason: "validation-error",
            detail: (error as Error).message.split("\n")[0] ?? "",
          }));
          done++;
          if (outcome.ok) {
            store.tasks.save(outcome.task);
            validatedNow++;
            notes.push(...outcome.notes.map((note) => `${task.id}: ${note}`));
          } else rejected.push({ id: task.id, reason: outcome.reason, detail: outcome.detail });
          log(`validated ${done}/${unvalidated.length}: ${task.id} ${outcome.ok ? "is a task" : `refused (${outcome.reason})`}`);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Number(options.jobs) || 1) }, worker));
    } finally {
      await pool.close();
    }
  }
  const replaced = store.transaction(() =>
    accepted.filter((task) => {
      const existed = store.tasks.get(task.id) !== undefined;
      store.tasks.save(task);
      return existed;
    }),
  ).length;
  const imported = accepted.length + validatedNow;
  const human = [
    `imported ${imported} task${imported === 1 ? "" : "s"} from ${path}${replaced ? ` (${replaced} replaced)` : ""}${skipValidation && unvalidated.length ? ` (${unvalidated.length} unvalidated: --no-validate)` : ""}`,
    ...rejected.map((row) => `refused ${row.id}: ${row.reason}: ${row.detail}`),
    ...notes.map((note) => `note: ${note}`),
  ];
  return { exitCode: 0, data: { imported, replaced, rejected, notes }, human };
}

async function exportTasks(store: RunStore, options: TasksOptions, runDir: string): Promise<CommandResult> {
  const tasks = store.tasks.list({ repo: options.repo, origin: options.origin });
  const jsonl = tasksToSweBenchJsonl(tasks);
  if (!options.out) {
    // The dataset itself is the output; --json wraps nothing around it.
    process.stdout.write(jsonl);
    return { exitCode: 0, data: undefined, human: [] };
  }
  const out = resolve(options.out);
  writeFileSync(out, jsonl);
  // Injected tasks start from commits that exist only in kaizen's mirror; they travel as bundles.
  const bundles = await bundleInjectedBases({ runDir, tasks: tasks.filter((task) => task.origin === "injected"), out });
  const human = [
    `wrote ${tasks.length} tasks to ${out} (SWE-bench JSONL)`,
    ...bundles.map((bundle) => `${bundle.repo}: ${bundle.commits} injected base commits in ${bundle.file}; git fetch ${bundle.file} 'refs/kaizen/*:refs/kaizen/*' in a clone makes them checkable`),
  ];
  return { exitCode: 0, data: { exported: tasks.length, file: out, bundles }, human };
}

/** A git bundle per repository with the parentless buggy commits its injected tasks start from. */
async function bundleInjectedBases({ runDir, tasks, out }: { runDir: string; tasks: Task[]; out: string }) {
  const bundles: { repo: string; file: string; commits: number }[] = [];
  for (const repo of [...new Set(tasks.map((task) => task.repo))]) {
    const mirror = join(runDir, "mirrors", `${repoDirName(repo)}.git`);
    const refs = tasks.filter((task) => task.repo === repo).map((task) => `refs/kaizen/injected/${task.id}`);
    const file = `${out.replace(/\.jsonl$/, "")}.${repoDirName(repo)}.bundle`;
    await git({ cwd: mirror, args: ["bundle", "create", "--quiet", file, ...refs] });
    bundles.push({ repo, file, commits: refs.length });
  }
  return bundles;
}

