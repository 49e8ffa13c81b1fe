import { loadConfig } from "../../config/load-config.js";
import { parseContextWindow } from "../../rollout/context/context-budget.js";
import { policyFromOptions } from "../../rollout/policies/policy-from-options.js";
import { runRollouts, type RolloutProgress } from "../../rollout/run-rollouts.js";
import { selectTasks } from "../../rollout/select-tasks.js";
import type { RolloutSettings } from "../../schema/records.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";
import { wholeNumber, positiveNumber } from "../flag-values.js";

export type RolloutOptions = CommonOptions & {
  policy?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  teacher?: string;
  student?: string;
  temperatures?: string;
  samples?: string;
  beta?: string;
  daggerRound?: string;
  betaDecay?: string;
  seed?: string;
  contextWindow?: string;
  keepObservations?: string;
  maxSteps?: string;
  maxMinutes?: string;
  tasks?: string;
  jobs?: string;
  sandbox?: boolean;
};

const DEFAULT_CONTEXT_WINDOW = 32_768;

/** `kaizen rollout`: run a policy on tasks in the sandbox and record every step as a trajectory. */
export const rolloutCommand: CommandHandler<RolloutOptions> = async (context, _args, options) => {
  const { config } = loadConfig({ runDir: context.runDir });
  const choice = policyFromOptions({ config, flags: options });
  const temperatures = options.temperatures ? options.temperatures.split(",").map((t) => nonNegative("--temperatures", t.trim())) : [];
  const settings: RolloutSettings = {
    contextWindow: options.contextWindow ? parseContextWindow(options.contextWindow) : (choice.client?.contextWindow ?? DEFAULT_CONTEXT_WINDOW),
    keepObservations: wholeNumber("--keep-observations", options.keepObservations ?? "10"),
    maxSteps: positiveNumber("--max-steps", options.maxSteps ?? "50"),
    maxWallMs: positiveNumber("--max-minutes", options.maxMinutes ?? "30") * 60_000,
    maxObservationChars: 10_000,
  };

  if (!runStoreExists(context.runDir)) {
    throw new UserError(`no run store in ${context.runDir}, so no tasks to roll out`, "make tasks with kaizen mine REPO or kaizen inject REPO (kaizen demo does both), or pass --run DIR");
  }
  const store = openRunStore({ dir: context.runDir });
  let bar: ReturnType<typeof startProgress> | undefined;
  try {
    const tasks = selectTasks({ store, filter: options.tasks });
    if (tasks.length === 0) throw new UserError("there are no tasks in this run store", "make some with kaizen mine REPO or kaizen inject REPO first (kaizen demo does both)");
    for (const note of choice.notes) context.log(note);
    const summary = await runRollouts({
      runDir: context.runDir,
      config,
      store,
      tasks,
      makePolicy: choice.makePolicy,
      describePolicy: choice.describePolicy,
      samples: positiveNumber("--samples", options.samples ?? "1"),
      temperatures,
      settings,
      jobs: positiveNumber("--jobs", options.jobs ?? "1"),
      sandbox: options.sandbox === false ? false : config.sandbox.enabled,
      onProgress: (progress) => {
        bar ??= startProgress({ label: "rollouts", total: progress.total });
        bar.update(progress.done, describe(progress));
      },
    });
    bar?.stop();
    const human = [
      `${summary.total} rollouts of ${tasks.length} task${tasks.length === 1 ? "" : "s"} (${summary.alreadyDone} finished before) with ${choice.label}`,
      ...Object.entries(summary.byExit).map(([reason, n]) => `  ${String(n).padStart(4)}  ${reason}`),
      "kaizen trajectories list shows them; kaizen trajectories show ID prints one step by step",
    ];
    return { exitCode: 0, data: summary, human };
  } finally {
    bar?.stop();
    store.close();
  }
};

function describe(progress: RolloutProgress): string {
  const exits = Object.entries(progress.byExit).map(([reason, n]) => `${n} ${reason}`).join(", ");
  return `${exits || "starting"}, ${progress.running} running`;
}

function nonNegative(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || text === "") throw new UserError(`${flag} expects numbers of 0 or more, not "${text}"`, `for example ${flag} 0.2,0.7,1.0`);
  return value;
}
