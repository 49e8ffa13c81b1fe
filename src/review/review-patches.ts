import { createHash } from "node:crypto";
import type { KaizenConfig } from "../config/config-schema.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import type { PatchReview, ReviewCheck, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { decideVerdict } from "./decide-verdict.js";
import { sensitivePathsOf, type ReviewPolicy } from "./review-policy.js";
import { staticChecks } from "./static-checks.js";
import type { ToolRun } from "./static-check-tools.js";

export interface ReviewPatchesOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  policy: ReviewPolicy;
  /** Which trajectories to review (again); by default every resolved one without a review. */
  trajectories?: Trajectory[];
  /** False for --no-sandbox. */
  sandbox: boolean;
  jobs: number;
  onProgress?: (done: number, total: number) => void;
  /** A trajectory that cannot be reviewed, and why; the others go on. */
  onWarning?: (message: string) => void;
}

/**
 * The auditor over resolved patches: static checks on the patched code, the judge's hack flags,
 * diff size and sensitive paths, sorted by `decideVerdict` into auto-accepted and needing a
 * human's sign-off. Each review is stored as it is made; a decision a human already recorded on
 * the trajectory is kept.
 */
export async function reviewPatches(options: ReviewPatchesOptions): Promise<PatchReview[]> {
  const { store } = options;
  const queue = [...(options.trajectories ?? unreviewedResolved(store))];
  const total = queue.length;
  const pool = new WorkspacePool(options.runDir);
  const shared: SharedChecks = { baseRuns: new Map(), byPatch: new Map() };
  const reviews: PatchReview[] = [];
  let done = 0;
  const worker = async () => {
    for (let trajectory = queue.shift(); trajectory; trajectory = queue.shift()) {
      const review = await reviewPatch(options, trajectory, pool, shared);
      if (review) reviews.push(store.reviews.save(review));
      options.onProgress?.(++done, total);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, total)) }, worker));
  } finally {
    await pool.close();
  }
  return reviews;
}

/** Trajectories whose score says resolved and that have no review yet. */
export function unreviewedResolved(store: RunStore): Trajectory[] {
  return store.scores
    .list({ resolved: 1 })
    .filter((score) => !store.reviews.get(score.trajectoryId))
    .flatMap((score) => store.trajectories.get(score.trajectoryId) ?? []);
}

/**
 * What reviews of one run share: tool runs at each base commit, and the checks of each distinct
 * patch of a task (a teacher and several student samples often submit the same fix).
 */
interface SharedChecks {
  baseRuns: Map<string, Promise<ToolRun>>;
  byPatch: Map<string, Promise<ReviewCheck[]>>;
}

async function reviewPatch(options: ReviewPatchesOptions, trajectory: Trajectory, pool: WorkspacePool, shared: SharedChecks): Promise<PatchReview | undefined> {
  const { store, policy } = options;
  const score = store.scores.get(trajectory.id);
  const task = store.tasks.get(trajectory.taskId);
  const repo = task && store.repos.get(task.repo);
  const skip = (why: string) => void options.onWarning?.(`not reviewing ${trajectory.id}: ${why}`);
  if (!score?.resolved) return skip("only resolved patches are reviewed, and its score does not say resolved (kaizen judge scores it)");
  if (!task) return skip(`its task ${trajectory.taskId} is not in this run store`);
  if (!repo) return skip(`its repository ${task.repo} is not in this run store`);

  const patch = trajectory.outcome?.patch ?? "";
  const diffs = splitFileDiffs({ patch });
  const diff = { files: diffs.length, lines: diffs.reduce((sum, file) => sum + file.changedLines, 0) };
  // A rename or deletion out of a sensitive path matters as much as an edit in it.
  const paths = diffs.flatMap((file) => [file.oldPath, file.newPath].filter((path): path is string => path !== undefined));
  const sensitive = sensitivePathsOf({ paths, policy });
  const key = `${task.id}\0${createHash("sha256").update(patch).digest("hex")}`;
  let pending = shared.byPatch.get(key);
  if (!pending) {
    pending = staticChecks({ task, patch, runDir: options.runDir, config: options.config, store, pool, sandbox: options.sandbox, source: repo.source, baseRuns: shared.baseRuns });
    shared.byPatch.set(key, pending);
  }
  const checks = await pending;
  const { verdict, reasons } = decideVerdict({ checks, hackFlags: score.hackFlags, diff, sensitivePaths: sensitive, policy });
  const decision = store.reviews.get(trajectory.id)?.decision;
  return {
    trajectoryId: trajectory.id,
    taskId: task.id,
    repo: task.repo,
    verdict,
    reasons,
    checks,
    diff,
    sensitivePaths: sensitive.map((entry) => entry.path),
    ...(decision ? { decision } : {}),
    reviewedAt: new Date().toISOString(),
  };
}
