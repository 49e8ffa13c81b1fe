import { listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type FormatSignal = "invalid_format";

/** Malformed tool calls and replies with no call: one count per format-error event. */
export function formatSignals({ trajectory }: TrajectoryFacts): Record<FormatSignal, SignalFinding> {
  const counted = trajectory.steps.map((step) => ({
    step: step.index,
    // Steps recorded before format-error events existed carry only formatError.
    errors: Math.max(step.events.filter((event) => event.kind === "format-error").length, step.formatError ? 1 : 0),
  }));
  const bad = counted.filter((step) => step.errors > 0);
  const count = bad.reduce((sum, step) => sum + step.errors, 0);
  return {
    invalid_format: { count, evidence: count > 0 ? `${count} format error${count === 1 ? "" : "s"} (steps ${listOf(bad.map((step) => String(step.step)))})` : "no format error" },
  };
}
