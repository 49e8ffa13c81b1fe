import type { ExitReason, Observation, Step, StepEvent, Task, ToolCall, Trajectory } from "../schema/records.js";

/** `[tool, arguments, output, flags]`: one call and what the tool answered. */
export type ScriptedCall = [tool: string, args?: Record<string, unknown>, output?: string, flags?: { error?: boolean; masked?: boolean; malformed?: boolean }];

export interface ScriptedStep {
  reasoning?: string;
  content?: string;
  calls?: ScriptedCall[];
  /** Harness events besides the format errors of malformed calls and empty replies, which are added. */
  events?: StepEvent["kind"][];
}

export interface ScriptedTrajectoryOptions {
  steps: ScriptedStep[];
  patch?: string;
  exitReason?: ExitReason;
  contextWindow?: number;
}

const AT = "2026-01-01T00:00:00.000Z";
const PROVENANCE = { tier: "transparent" as const, sources: [] };

/**
 * A trajectory written by hand, for judging tests: each step's calls with their outputs, in the
 * shape the agent loop records (a malformed call or a reply with no call gets its format error).
 */
export function scriptedTrajectory({ steps, patch = "", exitReason = "submitted", contextWindow = 32_768 }: ScriptedTrajectoryOptions): Trajectory {
  let callNumber = 0;
  const recorded: Step[] = steps.map((scripted, index) => {
    const toolCalls: ToolCall[] = [];
    const observations: Observation[] = [];
    const events: StepEvent[] = (scripted.events ?? []).map((kind) => ({ kind, detail: kind }));
    for (const [tool, args = {}, output = "", flags = {}] of scripted.calls ?? []) {
      const id = `call-${++callNumber}`;
      toolCalls.push(flags.malformed ? { id, name: tool, arguments: {}, argumentsText: "{not json" } : { id, name: tool, arguments: args });
      if (flags.malformed) events.push({ kind: "format-error", detail: output, toolCallId: id });
      observations.push({ toolCallId: id, tool, content: output, truncated: false, masked: flags.masked ?? false, isError: (flags.error || flags.malformed) ?? false, sources: [] });
    }
    const noCall = toolCalls.length === 0;
    if (noCall) events.push({ kind: "format-error", detail: "no tool call" });
    return {
      index,
      actor: "scripted",
      reasoning: scripted.reasoning ?? "",
      content: scripted.content ?? "",
      toolCalls,
      observations,
      ...(noCall ? { formatError: "Your reply had no tool call." } : {}),
      tokens: { prompt: 1000, completion: 100 },
      provenance: PROVENANCE,
      events,
      startedAt: AT,
      durationMs: 10,
      policyMs: 5,
    };
  });
  return {
    id: "trajectory-1",
    taskId: "task-1",
    policy: { kind: "scripted" },
    tools: [],
    settings: { contextWindow, keepObservations: 8, maxSteps: 50, maxWallMs: 600_000, maxObservationChars: 20_000 },
    steps: recorded,
    outcome: { patch, submitted: exitReason === "submitted", exitReason },
    usage: { promptTokens: 1000 * steps.length, completionTokens: 100 * steps.length, wallTimeMs: 10 * steps.length },
    sandboxed: true,
    createdAt: AT,
  };
}

/** A task whose fix touches `files`. */
export function scriptedTask({ files, failToPass = [] }: { files: string[]; failToPass?: string[] }): Task {
  return {
    id: "task-1",
    repo: "acme/ledger",
    baseCommit: "0123456789abcdef0123456789abcdef01234567",
    problemStatement: "Money.add subtracts",
    hintsText: "",
    createdAt: AT,
    goldPatch: "",
    testPatch: "",
    failToPass,
    passToPass: [],
    origin: "injected",
    scope: { files, symbols: [] },
    labels: { language: "typescript", kind: "bug-fix", size: { files: files.length, lines: 2 } },
    validation: { gates: [], runs: [], flaky: false, sandboxed: true },
    provenance: PROVENANCE,
  };
}
