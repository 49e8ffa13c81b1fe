import { type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type ContextSignal = "context_efficiency" | "no_context_overflow" | "reread_penalty";

/** Tokens are estimated from characters; the estimate only needs to be steady across trajectories. */
const CHARS_PER_TOKEN = 4;

/** Seed 002's context-management table: read little, never overflow, do not re-read for nothing. */
export function contextSignals({ trajectory, calls, thresholds }: TrajectoryFacts): Record<ContextSignal, SignalFinding> {
  const window = trajectory.settings?.contextWindow;
  const chars = trajectory.steps.reduce((sum, step) => sum + step.observations.reduce((total, observation) => total + observation.content.length, 0), 0);
  const tokens = Math.round(chars / CHARS_PER_TOKEN);
  const context_efficiency: SignalFinding =
    window === undefined
      ? { count: 0, evidence: "the trajectory records no context window to compare with" }
      : {
          count: tokens < thresholds.readShare * window ? 1 : 0,
          evidence: `tool output read: ~${tokens} tokens (${chars} characters / ${CHARS_PER_TOKEN}); under ${Math.round(thresholds.readShare * window)} (${thresholds.readShare} of the ${window}-token window) earns it`,
        };

  const warned = trajectory.steps.find((step) => step.events.some((event) => event.kind === "budget-warning"));
  const exit = trajectory.outcome?.exitReason;
  const no_context_overflow: SignalFinding =
    exit === undefined
      ? { count: 0, evidence: "the rollout did not finish" }
      : exit === "token-budget"
        ? { count: 0, evidence: "the rollout ended on the token budget" }
        : warned
          ? { count: 0, evidence: `step ${warned.index} got a context budget warning` }
          : { count: 1, evidence: `ended by ${exit} with no budget warning` };

  // A read whose earlier copy was masked out of the context is a legitimate refresh.
  const earlier = new Map<string, { step: number; masked: boolean }>();
  const rereads: string[] = [];
  for (const call of calls) {
    if (call.kind === "shell") earlier.clear();
    for (const path of call.edited) for (const key of earlier.keys()) if (key.startsWith(`${path}\0`)) earlier.delete(key);
    if (!call.read) continue;
    const key = `${call.read.path}\0${call.read.start ?? ""}\0${call.read.end ?? ""}`;
    const before = earlier.get(key);
    if (before && !before.masked) rereads.push(`step ${call.step} re-read ${call.read.path}${call.read.start || call.read.end ? ` lines ${call.read.start ?? 1}-${call.read.end ?? "…"}` : ""} from step ${before.step}`);
    earlier.set(key, { step: call.step, masked: call.observation?.masked ?? false });
  }
  const reread_penalty: SignalFinding = {
    count: rereads.length,
    evidence: rereads.length > 0 ? `${rereads.join("; ")}, unchanged and still in context` : "no range was read twice without a change in between",
  };

  return { context_efficiency, no_context_overflow, reread_penalty };
}
