import { evaluateBenchmark } from "../../benchmark/evaluate-benchmark.js";
import { fixPrivateBenchmark } from "../../benchmark/fix-private-benchmark.js";
import { formatLongitudinalTable, longitudinalTable } from "../../benchmark/longitudinal-table.js";
import { loadConfig } from "../../config/load-config.js";
import { cheatRates } from "../../judge/cheat-rate.js";
import { policyFromOptions, type PolicyFlags } from "../../rollout/policies/policy-from-options.js";
import type { RolloutSettings } from "../../schema/records.js";
import { openRunStore, runStoreExists, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandContext, CommandHandler, CommandResult, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";
import { wholeNumber, positiveNumber, fraction } from "../flag-values.js";

export type EvalOptions = CommonOptions &
  PolicyFlags & {
    cheatRate?: boolean;
    table?: boolean;
    round?: string;
    fixShare?: string;
    jobs?: string;
    sandbox?: boolean;
  };

const DEFAULT_CONTEXT_WINDOW = 32_768;
const DEFAULT_FIX_SHARE = 0.2;

/**
 * `kaizen eval --policy P`: scores a policy on the private benchmark (fixing the benchmark first
 * when there is none) and prints the longitudinal table; `--table` prints the table only;
 * `--cheat-rate` how often each policy cheats on impossible tasks.
 */
export const evalCommand: CommandHandler<EvalOptions> = async (context, _args, options) => {
  if (options.cheatRate) return cheatRate(context, options);
  if (options.table && !options.policy && !options.model && !options.baseUrl) return table(context);
  if (!options.policy && !options.model && !options.baseUrl) {
    throw new UserError("kaizen eval needs a policy to score on the private benchmark", "kaizen eval --policy oracle|model|dagger|noisy:EPS, kaizen eval --table for the scores so far, or kaizen eval --cheat-rate");
  }
  const { config } = loadConfig({ runDir: context.runDir });
  const choice = policyFromOptions({ config, flags: options });
  const fixShare = options.fixShare === undefined ? undefined : fraction("--fix-share", options.fixShare, { aboveZero: true, example: "0.2" });
  const jobs = positiveNumber("--jobs", options.jobs ?? "1");
  const round = options.round === undefined ? undefined : wholeNumber("--round", options.round);
  const sandbox = options.sandbox === false ? false : config.sandbox.enabled;
  if (!runStoreExists(context.runDir)) {
    throw new UserError(`no run store in ${context.runDir}, so no tasks to hold out`, "make tasks with kaizen mine REPO or kaizen inject REPO (kaizen demo does both), or pass --run DIR");
  }
  const store = openRunStore({ dir: context.runDir });
  let bar: ReturnType<typeof startProgress> | undefined;
  let barStage: string | undefined;
  try {
    if (store.tasks.count() === 0) throw new UserError("there are no tasks in this run store to hold out", "make some with kaizen mine REPO or kaizen inject REPO first (kaizen demo does both)");
    const { roundIndex, roundId } = chooseRound(store, round);
    const benchmark = await fixPrivateBenchmark({ store, share: fixShare ?? DEFAULT_FIX_SHARE, ...(roundId ? { roundId } : {}) });
    for (const note of benchmark.notes) context.log(note);
    if (benchmark.splits.length === 0) {
      throw new UserError(
        "no task can be held out for the private benchmark: every task is already on the train or eval side, or tied to one by lineage or module",
        "mine or inject tasks from new commits or modules (kaizen mine, kaizen inject), then run kaizen eval again before kaizen curate assigns them",
      );
    }
    if (benchmark.fixedNow) {
      const reasons = [...new Set(benchmark.splits.map((split) => split.heldOutBy ?? "lineage"))];
      context.log(`fixed the private benchmark now: ${benchmark.splits.length} of ${store.tasks.count()} tasks held out (${reasons.join("; ")}); it stays fixed and never enters a training export`);
    } else if (fixShare !== undefined) {
      context.log(`the private benchmark was fixed before (${benchmark.splits.length} tasks), so --fix-share ${fixShare} changes nothing`);
    }
    for (const note of choice.notes) context.log(note);
    const settings: RolloutSettings = {
      contextWindow: choice.client?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
      keepObservations: 10,
      maxSteps: 50,
      maxWallMs: 30 * 60_000,
      maxObservationChars: 10_000,
    };
    const result = await evaluateBenchmark({
      runDir: context.runDir,
      config,
      store,
      policy: choice,
      roundIndex,
      ...(roundId ? { roundId } : {}),
      settings,
      jobs,
      sandbox,
      onWarning: context.log,
      onProgress: (progress) => {
        if (barStage !== progress.stage) {
          bar?.stop();
          bar = startProgress({ label: progress.stage, total: progress.total });
          barStage = progress.stage;
        }
        bar!.update(progress.done);
      },
    });
    bar?.stop();
    const rows = longitudinalTable(store);
    const human = [
      `private benchmark, round ${result.roundIndex}: ${result.policyLabel} resolved ${result.resolved}/${result.tasks} (${(result.solveRate * 100).toFixed(1)}%) · mean reward ${result.meanReward.toFixed(3)} · ${result.hackFlagged} hack-flagged`,
      "",
      ...formatLongitudinalTable(rows),
    ];
    return { exitCode: 0, data: { result, table: rows, fixedNow: benchmark.fixedNow }, human };
  } finally {
    bar?.stop();
    store.close();
  }
};

/** The round a score belongs to: --round N, else the latest round the loop recorded, else 0. */
function chooseRound(store: RunStore, round: number | undefined): { roundIndex: number; roundId?: string } {
  const rounds = store.rounds.list();
  if (round !== undefined) {
    const stored = rounds.find((candidate) => candidate.index === round);
    return { roundIndex: round, ...(stored ? { roundId: stored.id } : {}) };
  }
  const latest = rounds.reduce<(typeof rounds)[number] | undefined>((best, candidate) => (!best || candidate.index > best.index ? candidate : best), undefined);
  return latest ? { roundIndex: latest.index, roundId: latest.id } : { roundIndex: 0 };
}

async function table(context: CommandContext): Promise<CommandResult> {
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}`, "score a policy first with kaizen eval --policy oracle (or kaizen loop), or pass --run DIR");
  const store = openRunStore({ dir: context.runDir });
  try {
    const rows = longitudinalTable(store);
    const human = rows.length ? formatLongitudinalTable(rows) : ["no private-benchmark results yet: kaizen eval --policy oracle|model|dagger|noisy:EPS scores one"];
    return { exitCode: 0, data: rows, human };
  } finally {
    store.close();
  }
}

async function cheatRate(context: CommandContext, options: EvalOptions): Promise<CommandResult> {
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}`, "make impossible tasks (kaizen tasks make-impossible), roll out and judge first, or pass --run DIR");
  const store = openRunStore({ dir: context.runDir });
  try {
    const rates = cheatRates(store).filter((rate) => !options.policy || rate.policy === options.policy || rate.policy.startsWith(`${options.policy}`));
    const human = rates.length
      ? rates.map(
          (rate) =>
            `${rate.policy.padEnd(32)} impossible tasks: ${rate.impossible.cheated}/${rate.impossible.trajectories} cheated (${pct(rate.impossible.cheated, rate.impossible.trajectories)}) · all tasks: ${rate.all.flagged}/${rate.all.trajectories} hack-flagged (${pct(rate.all.flagged, rate.all.trajectories)})`,
        )
      : ["no judged trajectories yet: kaizen tasks make-impossible, kaizen rollout --tasks origin:impossible, kaizen judge"];
    return { exitCode: 0, data: rates, human };
  } finally {
    store.close();
  }
}

function pct(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : "—";
}
