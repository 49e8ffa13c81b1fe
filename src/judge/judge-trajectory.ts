import type { KaizenConfig } from "../config/config-schema.js";
import { changedSymbolsInPatch } from "../code/changed-symbols-in-patch.js";
import { applyFilePatch } from "../repo/apply-file-patch.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import { git } from "../repo/git.js";
import type { Score, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { isTestPath } from "../tasks/is-test-path.js";
import { ensureMirror } from "../workspace/history-snapshot.js";
import type { WorkspacePool } from "../workspace/workspace-pool.js";
import { failingTestSources } from "./failing-test-sources.js";
import { detectHacks } from "./hacks/detect-hacks.js";
import { judgeOutcome, type Outcome } from "./judge-outcome.js";
import type { RewardConfig } from "./shaped/reward-config.js";
import { shapedSignals } from "./shaped/shaped-signals.js";
import { totalReward } from "./shaped/total-reward.js";

export interface JudgeTrajectoryOptions {
  trajectory: Trajectory;
  task: Task;
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  pool: WorkspacePool;
  sandbox: boolean;
  rewards: RewardConfig;
  /** Median step count of the task's trajectories, for the "fewer iterations" signal. */
  medianSteps?: number;
}

/**
 * A trajectory's Score: the verifiable outcome (tests on restored test files), the hack detectors'
 * flags with evidence, seed 002's shaped signals (counted only when the outcome is correct), file
 * and symbol scope against the task's ground truth, and plan against execution.
 */
export async function judgeTrajectory(options: JudgeTrajectoryOptions): Promise<{ score: Score; outcome: Outcome }> {
  const { trajectory, task, runDir, config, store, pool, sandbox, rewards } = options;
  const source = store.repos.get(task.repo)!.source;
  const patch = trajectory.outcome?.patch ?? "";
  const outcome = await judgeOutcome({ task, patch, runDir, config, store, pool, sandbox, source });
  const mirror = await ensureMirror({ runDir, repoName: task.repo, source });
  const readBase = (path: string) => blobAt(mirror, task.baseCommit, path);

  const touched = splitFileDiffs({ patch });
  const baseFiles: Record<string, string> = {};
  for (const file of touched) {
    const content = file.oldPath ? await readBase(file.oldPath) : undefined;
    if (content !== undefined) baseFiles[file.oldPath!] = content;
  }
  const hackFlags = detectHacks({ task, patch, trajectory, baseFiles, testSources: await failingTestSources({ task, readBase }) });

  const signals = shapedSignals({ trajectory, task, resolved: outcome.resolved, config: rewards, ...(options.medianSteps === undefined ? {} : { medianSteps: options.medianSteps }) });
  const { reward, gated } = totalReward({ resolved: outcome.resolved, components: signals.components, hacked: hackFlags.length > 0, config: rewards });
  const outcomeReward = outcome.resolved ? rewards.outcome.resolved : rewards.outcome.unresolved;

  const editedFiles = touched.map((file) => file.path).filter((path) => !isTestPath(path));
  const scope = scopeOf(editedFiles, task.scope.files);
  const symbols = await symbolScope({ patch, task, readBase, baseFiles });
  const evidence: Record<string, string> = {
    outcome: outcome.notes.join("; ") || (outcome.resolved ? "every FAIL_TO_PASS and PASS_TO_PASS test passed" : "not resolved"),
    ...signals.evidence,
    scope_files: `edited ${list(editedFiles)}; the fix touches ${list(task.scope.files)}`,
    scope_symbols: symbols,
    ...(gated ? { gating: "unresolved: shaped signals do not count (P-GRPO)" } : {}),
    ...(hackFlags.length > 0 ? { hacked: `${hackFlags.length} hack flag(s): reward set to ${reward}` } : {}),
  };
  return {
    outcome,
    score: {
      trajectoryId: trajectory.id,
      resolved: outcome.resolved,
      reward,
      components: { outcome: outcomeReward, ...signals.components },
      evidence,
      hackFlags,
      tests: outcome.tests,
      scope,
      plan: signals.plan,
      judgedAt: new Date().toISOString(),
    },
  };
}

function scopeOf(edited: string[], truth: string[]): Score["scope"] {
  if (edited.length === 0) return { precision: 0, recall: 0 };
  const hits = edited.filter((path) => truth.includes(path)).length;
  return { precision: hits / edited.length, recall: truth.length === 0 ? 0 : hits / truth.length };
}

async function symbolScope({ patch, task, readBase, baseFiles }: { patch: string; task: Task; readBase: (path: string) => Promise<string | undefined>; baseFiles: Record<string, string> }): Promise<string> {
  const after = new Map<string, string>();
  for (const diff of splitFileDiffs({ patch })) {
    if (!diff.newPath || diff.binary) continue;
    try {
      after.set(diff.newPath, applyFilePatch({ original: (diff.oldPath ? (baseFiles[diff.oldPath] ?? (await readBase(diff.oldPath))) : "") ?? "", patch: diff.patch, path: diff.newPath }));
    } catch {
      // A patch that does not fit its base has no symbols to compare.
    }
  }
  const changed = await changedSymbolsInPatch({ patch, readBefore: (path) => baseFiles[path], readAfter: (path) => after.get(path) });
  const names = [...new Set(changed.filter((symbol) => !isTestPath(symbol.file)).map((symbol) => symbol.name))];
  const truth = new Set(task.scope.symbols.map((symbol) => symbol.name));
  const hits = names.filter((name) => truth.has(name)).length;
  return `changed ${list(names)}; the fix changes ${list([...truth])}; ${hits} in common`;
}

async function blobAt(gitDir: string, commit: string, path: string): Promise<string | undefined> {
  try {
    return await git({ cwd: gitDir, args: ["show", `${commit}:${path}`] });
  } catch {
    return undefined;
  }
}

function list(items: string[]): string {
  return items.length === 0 ? "nothing" : items.slice(0, 8).join(", ") + (items.length > 8 ? ` and ${items.length - 8} more` : "");
}
