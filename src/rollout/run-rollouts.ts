import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { KaizenConfig } from "../config/config-schema.js";
import { detectLicense } from "../provenance/detect-license.js";
import { git } from "../repo/git.js";
import type { ExitReason, RolloutSettings, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { openTestSession } from "../test-runners/test-session.js";
import { UserError } from "../user-error.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { runAgent } from "./agent-loop.js";
import { knownSecretValues } from "./guards/redact-secrets.js";
import type { Policy } from "./policies/policy.js";
import { rolloutPrompts } from "./rollout-prompts.js";
import { ALL_TOOLS } from "./tools/all-tools.js";
import type { Tool } from "./tools/define-tool.js";

/** One rollout to run: a task, which of its samples, at which temperature. */
export interface RolloutJob {
  task: Task;
  sample: number;
  temperature?: number;
}

export interface RunRolloutsOptions {
  runDir: string;
  config: KaizenConfig;
  store: RunStore;
  tasks: Task[];
  /** The policy for one job (a fresh one per rollout: temperature and seed differ). */
  makePolicy: (job: RolloutJob) => Policy;
  /** What the trajectory records about the policy. */
  describePolicy: (job: RolloutJob) => Trajectory["policy"];
  /** Samples per task and temperature (K). */
  samples: number;
  /** Each task is rolled out K times at each of these; none means the policy's default. */
  temperatures?: number[];
  settings: RolloutSettings;
  jobs: number;
  sandbox: boolean;
  tools?: readonly Tool[];
  roundId?: string;
  onProgress?: (progress: RolloutProgress) => void;
}

export interface RolloutProgress {
  total: number;
  done: number;
  /** Rollouts finished by an earlier run and skipped. */
  alreadyDone: number;
  running: number;
  byExit: Partial<Record<ExitReason, number>>;
}

export interface RolloutSummary extends RolloutProgress {
  trajectoryIds: string[];
}

/** Debris test runs leave that is never part of a fix, kept out of the agent's diff. */
const BUILD_DEBRIS = ["/node_modules", "__pycache__/", "*.py[cod]", ".pytest_cache/", ".mypy_cache/", ".ruff_cache/", "*.tsbuildinfo"];

/**
 * Runs the policy on every task × temperature × sample, each rollout in its own workspace with its
 * own test session, `jobs` at a time. Trajectory ids are deterministic, so a rerun skips finished
 * rollouts and restarts any that a killed run left unfinished.
 */
export async function runRollouts(options: RunRolloutsOptions): Promise<RolloutSummary> {
  const { runDir, config, store, settings, sandbox } = options;
  const temperatures: (number | undefined)[] = options.temperatures?.length ? options.temperatures : [undefined];
  const all: RolloutJob[] = options.tasks.flatMap((task) =>
    temperatures.flatMap((temperature) => Array.from({ length: options.samples }, (_, sample) => ({ task, sample, ...(temperature === undefined ? {} : { temperature }) }))),
  );
  for (const task of options.tasks) {
    if (!store.repos.get(task.repo)) {
      throw new UserError(`task ${task.id} belongs to ${task.repo}, which this run store does not know`, "make tasks with kaizen mine or kaizen inject, or import them with kaizen tasks import --source CLONE");
    }
  }
  const progress: RolloutProgress = { total: all.length, done: 0, alreadyDone: 0, running: 0, byExit: {} };
  const trajectoryIds: string[] = [];
  const pending: { job: RolloutJob; id: string }[] = [];
  for (const job of all) {
    const id = trajectoryId(job, options.makePolicy(job).label);
    trajectoryIds.push(id);
    const existing = store.trajectories.get(id);
    if (existing?.outcome) {
      progress.alreadyDone++;
      progress.done++;
      progress.byExit[existing.outcome.exitReason] = (progress.byExit[existing.outcome.exitReason] ?? 0) + 1;
    } else {
      pending.push({ job, id });
    }
  }
  options.onProgress?.({ ...progress });

  const pool = new WorkspacePool(runDir);
  const secrets = knownSecretValues({ env: process.env, apiKeyEnvs: Object.values(config.models).flatMap((model) => (model.apiKeyEnv ? [model.apiKeyEnv] : [])) });
  const worker = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      progress.running++;
      options.onProgress?.({ ...progress });
      const { job, id } = next;
      const source = store.repos.get(job.task.repo)!.source;
      const workspace = await pool.acquire({ repoName: job.task.repo, source, baseCommit: job.task.baseCommit });
      try {
        const tests = await openTestSession({ runDir, repoName: job.task.repo, workspace: workspace.path, config, store, sandbox });
        excludeDebris(workspace.path);
        const license = await repositoryLicense(workspace.path);
        const header: Trajectory = {
          id,
          taskId: job.task.id,
          ...(options.roundId ? { roundId: options.roundId } : {}),
          policy: options.describePolicy(job),
          prompt: rolloutPrompts(job.task),
          tools: (options.tools ?? ALL_TOOLS).map((tool) => tool.id),
          settings,
          steps: [],
          usage: { promptTokens: 0, completionTokens: 0, wallTimeMs: 0 },
          sandboxed: tests.sandboxed,
          createdAt: new Date().toISOString(),
        };
        store.trajectories.restart(header);
        const finished = await runAgent({
          trajectory: header,
          task: job.task,
          policy: options.makePolicy(job),
          tools: options.tools ?? ALL_TOOLS,
          toolContext: { workspace: workspace.path, task: job.task, tests, store, ...(license ? { license } : {}), secrets, maxObservationChars: settings.maxObservationChars, agentNetwork: config.sandbox.network.agent },
          settings,
          store,
          promptSources: job.task.provenance.sources,
        });
        const reason = finished.outcome!.exitReason;
        progress.byExit[reason] = (progress.byExit[reason] ?? 0) + 1;
      } finally {
        pool.release(workspace);
        progress.running--;
        progress.done++;
        options.onProgress?.({ ...progress });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, pending.length)) }, worker));
  } finally {
    await pool.close();
  }
  return { ...progress, trajectoryIds };
}

/** `<task>~<policy>~t<temperature>~s<sample>`: the same job always gets the same id. */
export function trajectoryId(job: RolloutJob, policyLabel: string): string {
  const policy = policyLabel
    .replace(/ε/g, "eps")
    .replace(/β/g, "beta")
    .replace(/[^\w.=:-]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${job.task.id}~${policy}~t${job.temperature ?? "default"}~s${job.sample}`;
}

function excludeDebris(workspace: string) {
  const info = join(workspace, ".git", "info");
  mkdirSync(info, { recursive: true });
  const file = join(info, "exclude");
  const present = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const missing = BUILD_DEBRIS.filter((pattern) => !present.includes(pattern));
  if (missing.length > 0) appendFileSync(file, `${missing.join("\n")}\n`);
}

async function repositoryLicense(workspace: string): Promise<string | undefined> {
  const files = (await git({ cwd: workspace, args: ["ls-files", "-z"] })).split("\0").filter(Boolean);
  return detectLicense({
    files,
    read: (path) => {
      try {
        return readFileSync(join(workspace, path), "utf8");
      } catch {
        return undefined;
      }
    },
  }).spdx;
}
