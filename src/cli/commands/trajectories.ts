import { renderTranscript } from "../../rollout/render-transcript.js";
import { policyKind, type Policy, type Trajectory } from "../../schema/records.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommandResult, CommonOptions } from "../command-context.js";

export type TrajectoriesOptions = CommonOptions & {
  /** Only trajectories of this task id. */
  task?: string;
  /** Only trajectories of this policy kind. */
  policy?: string;
  /** Only trajectories with no outcome (still running, or killed). */
  unfinished?: boolean;
  /** With show: lines of each observation to print (default 20). */
  lines?: string;
};

const ACTIONS = ["list", "show"];

export class TrajectoriesUsageError extends UserError {
  constructor(readonly detail: string) {
    super(detail, `kaizen trajectories list [--task ID] [--policy ${policyKind.options.join("|")}] [--unfinished] | show ID [--lines N]`);
  }
}

export class TrajectoryNotFoundError extends UserError {
  constructor(readonly id: string) {
    super(`no trajectory ${id} in this run store`, "kaizen trajectories list shows the ids");
  }
}

export class NoRunStoreError extends UserError {
  constructor(readonly runDir: string) {
    super(`no run store in ${runDir}, so no trajectories`, "pass --run DIR for the run that recorded them, or record some with kaizen rollout");
  }
}

/** What `list --json` gives for one trajectory: everything but the steps. */
export interface TrajectorySummary {
  id: string;
  taskId: string;
  roundId?: string;
  policy: Policy;
  steps: number;
  /** Null while the rollout runs, or when it was killed before it ended. */
  exitReason: string | null;
  submitted: boolean;
  promptTokens: number;
  completionTokens: number;
  wallTimeMs: number;
  sandboxed: boolean;
  createdAt: string;
}

/** `kaizen trajectories ACTION`: list the recorded trajectories, or show one as a transcript. */
export const trajectoriesCommand: CommandHandler<TrajectoriesOptions> = async (context, args, options) => {
  const [action = "list", id] = args;
  if (!ACTIONS.includes(action)) throw new TrajectoriesUsageError(`unknown action ${action} (actions: ${ACTIONS.join(", ")})`);
  if (!runStoreExists(context.runDir)) throw new NoRunStoreError(context.runDir);
  const store = openRunStore({ dir: context.runDir, mustExist: true });
  try {
    if (action === "show") {
      if (!id) throw new TrajectoriesUsageError("trajectories show needs a trajectory id");
      const trajectory = store.trajectories.get(id);
      if (!trajectory) throw new TrajectoryNotFoundError(id);
      const task = store.tasks.get(trajectory.taskId);
      const maxObservationLines = observationLines(options.lines);
      const text = renderTranscript({ trajectory, ...(task ? { task } : {}), ...(maxObservationLines !== undefined ? { maxObservationLines } : {}) });
      return { exitCode: 0, data: trajectory, human: text.trimEnd().split("\n") };
    }
    return listTrajectories(store.trajectories.list(filters(options)));
  } finally {
    store.close();
  }
};

function filters(options: TrajectoriesOptions) {
  if (options.policy !== undefined && !policyKind.safeParse(options.policy).success) {
    throw new TrajectoriesUsageError(`unknown policy kind ${options.policy} (kinds: ${policyKind.options.join(", ")})`);
  }
  return {
    ...(options.task ? { task_id: options.task } : {}),
    ...(options.policy ? { policy_kind: options.policy } : {}),
    ...(options.unfinished ? { finished: 0 as const } : {}),
  };
}

function listTrajectories(trajectories: Trajectory[]): CommandResult {
  const summaries = trajectories.map(summaryOf);
  const human = summaries.map((summary) =>
    [
      summary.id,
      summary.taskId,
      policyLabel(summary.policy),
      `${summary.steps} step${summary.steps === 1 ? "" : "s"}`,
      summary.exitReason ?? "running/killed",
      `${(summary.promptTokens + summary.completionTokens).toLocaleString("en-US")} tokens`,
      seconds(summary.wallTimeMs),
    ].join("  "),
  );
  const unfinished = summaries.filter((summary) => summary.exitReason === null).length;
  human.push(`${summaries.length} trajector${summaries.length === 1 ? "y" : "ies"}${unfinished ? ` (${unfinished} without an outcome)` : ""}`);
  return { exitCode: 0, data: summaries, human };
}

function summaryOf(trajectory: Trajectory): TrajectorySummary {
  return {
    id: trajectory.id,
    taskId: trajectory.taskId,
    ...(trajectory.roundId ? { roundId: trajectory.roundId } : {}),
    policy: trajectory.policy,
    steps: trajectory.steps.length,
    exitReason: trajectory.outcome?.exitReason ?? null,
    submitted: trajectory.outcome?.submitted ?? false,
    promptTokens: trajectory.usage.promptTokens,
    completionTokens: trajectory.usage.completionTokens,
    wallTimeMs: trajectory.usage.wallTimeMs,
    sandboxed: trajectory.sandboxed,
    createdAt: trajectory.createdAt,
  };
}

/** `model qwen3-coder #2`, `dagger qwen3-coder→oracle`, `oracle`. */
function policyLabel(policy: Policy): string {
  const model = policy.model ? ` ${policy.model}` : "";
  const teacher = policy.teacher ? `→${policy.teacher}` : "";
  return `${policy.kind}${model}${teacher}${policy.sample !== undefined ? ` #${policy.sample}` : ""}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function observationLines(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const lines = Number(value);
  if (!Number.isInteger(lines) || lines < 0) throw new TrajectoriesUsageError(`--lines needs a whole number of lines, not ${value}`);
  return lines;
}
