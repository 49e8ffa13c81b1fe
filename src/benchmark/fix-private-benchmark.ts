import { existsSync } from "node:fs";
import { join } from "node:path";
import { lineageKeys, moduleKeys, MODULE_KEY_PREFIX, type LineageFields } from "../curate/lineage-split.js";
import { runProcess } from "../exec/run-process.js";
import { isolatedGitEnv } from "../repo/git.js";
import type { Task, TaskSplit } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { repoDirName } from "../workspace/history-snapshot.js";
import { choosePrivateBenchmark, type BenchmarkCandidate } from "./choose-private-benchmark.js";

export interface FixPrivateBenchmarkOptions {
  store: RunStore;
  /** About this share of all tasks is held out (default 0.2); only used the first time. */
  share?: number;
  /** The round fixing it, for the caller's record. */
  roundId?: string;
  now?: Date;
}

/** The private benchmark as it stands, and whether this call fixed it. */
export interface PrivateBenchmark {
  /** True when this call chose the benchmark; false when it was fixed before and is returned unchanged. */
  fixedNow: boolean;
  splits: TaskSplit[];
  /** The modules held out whole, as `module:<repo>:<module>` keys. */
  modules: string[];
  /** The oldest commit held out by time, when this call fixed the benchmark by time. */
  cutoff?: string;
  roundId?: string;
  /** What could not be read, said to the user (a repository without a mirror is held out by module only). */
  notes: string[];
}

/**
 * Fixes the private benchmark, once: if any task is already on the benchmark side it is returned
 * unchanged; otherwise the newest mined commits and whole modules are held out (choosePrivateBenchmark)
 * and stored as TaskSplits on the "benchmark" side, each saying why. Later tasks join it only by
 * lineage or module, when assignSplits places them.
 */
export async function fixPrivateBenchmark({ store, share = 0.2, roundId, now = new Date() }: FixPrivateBenchmarkOptions): Promise<PrivateBenchmark> {
  const existing = store.taskSplits.list({ split: "benchmark" });
  if (existing.length > 0) {
    const modules = [...new Set(existing.flatMap((split) => split.lineage.filter((key) => key.startsWith(MODULE_KEY_PREFIX))))].sort();
    return { fixedNow: false, splits: existing, modules, ...(roundId ? { roundId } : {}), notes: [] };
  }
  const tasks = readTasks(store);
  const notes: string[] = [];
  const dates = await commitDates({ runDir: store.dir, tasks: tasks.filter((task) => task.origin !== "injected" && task.origin !== "impossible"), notes });
  const assigned = new Map(store.taskSplits.list().map((split) => [split.taskId, split.split]));
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const lineages = tasks.map((task) => lineageKeys({ task, parent: task.origin === "impossible" ? byId.get(task.id.replace(/-impossible$/, "")) : undefined }));
  const candidates: BenchmarkCandidate[] = tasks.map((task, position) => ({
    id: task.id,
    lineage: lineages[position]!,
    modules: moduleKeys({ task }),
    committedAt: task.sourceCommit ? dates.get(`${task.repo}@${task.sourceCommit}`) : undefined,
    assigned: assigned.get(task.id),
  }));
  const choice = choosePrivateBenchmark({ candidates, share });
  const lineageOf = new Map(candidates.map((candidate) => [candidate.id, candidate.lineage]));
  const splits: TaskSplit[] = choice.heldOut.map((held) => ({
    taskId: held.taskId,
    split: "benchmark",
    heldOutBy: held.heldOutBy,
    lineage: [...lineageOf.get(held.taskId)!, ...held.modules].sort(),
    assignedAt: now.toISOString(),
  }));
  if (splits.length === 0 && tasks.length > 0) {
    notes.push(`nothing held out yet: every lineage or module of the ${tasks.length} tasks would take more than half of them; the next round tries again with more tasks`);
  }
  store.transaction(() => splits.forEach((split) => store.taskSplits.save(split)));
  return { fixedNow: splits.length > 0, splits, modules: choice.modules, ...(choice.cutoff ? { cutoff: choice.cutoff } : {}), ...(roundId ? { roundId } : {}), notes };
}

type TaskFields = LineageFields & { scope: Pick<Task["scope"], "symbols" | "files"> };

function readTasks(store: RunStore): TaskFields[] {
  // Only the fields the choice needs, streamed: gold patches and validation logs stay on disk.
  const tasks: TaskFields[] = [];
  for (const row of store.db.prepare<[], { id: string; data: string }>("SELECT id, data FROM tasks ORDER BY id").iterate()) {
    const { repo, origin, sourceCommit, scope } = JSON.parse(row.data) as Task;
    tasks.push({ id: row.id, repo, origin, sourceCommit, scope: { symbols: scope.symbols, files: scope.files } });
  }
  return tasks;
}

/**
 * The committer date (UTC ISO) of each task's source commit, keyed `repo@sha`, read from the run's
 * mirrors in one git call per repository. A missing mirror or commit is said in `notes`.
 */
async function commitDates({ runDir, tasks, notes }: { runDir: string; tasks: TaskFields[]; notes: string[] }): Promise<Map<string, string>> {
  const byRepo = new Map<string, Set<string>>();
  for (const task of tasks) if (task.sourceCommit) byRepo.set(task.repo, (byRepo.get(task.repo) ?? new Set()).add(task.sourceCommit));
  const dates = new Map<string, string>();
  for (const [repo, shas] of byRepo) {
    const gitDir = join(runDir, "mirrors", `${repoDirName(repo)}.git`);
    if (!existsSync(gitDir)) {
      notes.push(`${repo}: no mirror in the run, so its commits' dates are unknown and its tasks can be held out by module only`);
      continue;
    }
    const wanted = [...shas];
    for (let start = 0; start < wanted.length; start += 1000) {
      // --ignore-missing: a commit the mirror lacks is left out of the answer instead of failing it.
      const chunk = wanted.slice(start, start + 1000);
      const shown = await runProcess({ command: "git", args: ["log", "--no-walk=unsorted", "--ignore-missing", "--format=%H %cI", ...chunk], cwd: gitDir, env: isolatedGitEnv(), timeoutMs: 60_000 });
      if (shown.exitCode !== 0) {
        notes.push(`${repo}: reading commit dates failed (${shown.stderr.trim().split("\n")[0]}), so its tasks can be held out by module only`);
        break;
      }
      for (const line of shown.stdout.split("\n")) {
        const [full, date] = line.split(" ");
        const sha = full && (shas.has(full) ? full : chunk.find((short) => full.startsWith(short)));
        if (sha && date) dates.set(`${repo}@${sha}`, new Date(date).toISOString());
      }
    }
    const missing = [...shas].filter((sha) => !dates.has(`${repo}@${sha}`));
    if (missing.length > 0) notes.push(`${repo}: ${missing.length} source commit(s) not in the mirror (${missing.slice(0, 3).join(", ")}), so those tasks can be held out by module only`);
  }
  return dates;
}
