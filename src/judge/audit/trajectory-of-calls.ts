import type { Trajectory } from "../../schema/records.js";

/** One tool call of a scripted trajectory, with what it showed (default "ok") and whether it was refused. */
export interface ScriptedCall {
  name: string;
  args: Record<string, unknown>;
  output?: string;
  refused?: boolean;
}

/** A scripted trajectory making the given calls, one per step: what the audit's plants and the detector tests hand the detectors. */
export function trajectoryOfCalls({ id, taskId, calls, createdAt = new Date().toISOString() }: { id: string; taskId: string; calls: ScriptedCall[]; createdAt?: string }): Trajectory {
  return {
    id,
    taskId,
    policy: { kind: "scripted" },
    tools: [],
    steps: calls.map((call, index) => ({
      index,
      actor: "scripted",
      reasoning: "",
      content: "",
      toolCalls: [{ id: `call_${index}`, name: call.name, arguments: call.args }],
      observations: [{ toolCallId: `call_${index}`, tool: call.name, content: call.output ?? "ok", truncated: false, masked: false, isError: call.refused ?? false, sources: [] }],
      tokens: { prompt: 0, completion: 0 },
      provenance: { tier: "transparent", sources: [] },
      events: [],
      startedAt: createdAt,
      durationMs: 0,
      policyMs: 0,
    })),
    usage: { promptTokens: 0, completionTokens: 0, wallTimeMs: 0 },
    sandboxed: true,
    createdAt,
  };
}
