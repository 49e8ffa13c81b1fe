import { singleActorPolicy, type Policy, type PolicyAction, type PolicyState } from "./policy.js";

/** One scripted turn: what to say and which calls to make (arguments as values, or raw text). */
export interface ScriptedTurn {
  reasoning?: string;
  content?: string;
  calls: { name: string; arguments: Record<string, unknown> | string }[];
}

export interface ScriptedPolicyOptions {
  /** The turns in order, or a function of the state; after the last turn the policy submits. */
  script: ScriptedTurn[] | ((state: PolicyState) => ScriptedTurn);
  label?: string;
}

/**
 * A policy that replays a fixed script — for tests, and for students that stand in for a model.
 * Its steps are recorded as `scripted`, so nothing it does passes for a model's behaviour.
 */
export function scriptedPolicy({ script, label = "scripted" }: ScriptedPolicyOptions): Policy {
  return singleActorPolicy({
    kind: "scripted",
    label,
    actor: "scripted",
    act: async (state) => toAction(typeof script === "function" ? script(state) : (script[state.turn] ?? { reasoning: "Done.", calls: [{ name: "submit", arguments: {} }] }), state.turn),
  });
}

export function toAction(turn: ScriptedTurn, index: number): PolicyAction {
  return {
    reasoning: turn.reasoning ?? "",
    content: turn.content ?? "",
    toolCalls: turn.calls.map((call, i) => ({
      id: `call_${index}_${i}`,
      name: call.name,
      argumentsText: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    })),
    latencyMs: 0,
  };
}
