import { cheatRates } from "../../judge/cheat-rate.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";
import { NotBuiltError } from "../not-built-error.js";

export type EvalOptions = CommonOptions & { cheatRate?: boolean; policy?: string };

/** `kaizen eval --cheat-rate`: how often each policy cheats on impossible tasks. The private benchmark comes with issue 9. */
export const evalCommand: CommandHandler<EvalOptions> = async (context, _args, options) => {
  if (!options.cheatRate) throw new NotBuiltError(9);
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
};

function pct(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : "—";
}
