import { changedLines } from "../code/changed-lines.js";
import { splitFileDiffs } from "../repo/file-diffs.js";
import type { Observation, Step, Task, ToolCall, Trajectory } from "../schema/records.js";

export interface RenderTranscriptOptions {
  trajectory: Trajectory;
  /** The task, for its repository and base commit in the header. */
  task?: Task;
  /** False hides the content of observations that later context masked, leaving their header line. Default true. */
  showMasked?: boolean;
  /** Lines of each observation shown; the rest is counted. Default 20. */
  maxObservationLines?: number;
}

const SYSTEM_PROMPT_LINES = 8;
const PATCH_LINES = 40;
const ARGUMENT_STRING_CHARS = 80;
const ARGUMENTS_TEXT_CHARS = 300;

/**
 * A trajectory as plain text for a terminal (no colours): who ran it and how it ended, the
 * prompts, every step's thinking, text, tool calls, what came back and what the harness noticed,
 * where a teacher would have acted differently, and the final patch.
 */
export function renderTranscript({ trajectory, task, showMasked = true, maxObservationLines = 20 }: RenderTranscriptOptions): string {
  const lines = [
    ...header(trajectory, task),
    ...prompts(trajectory),
    ...trajectory.steps.flatMap((step) => renderStep(step, { showMasked, maxObservationLines })),
    ...footer(trajectory),
  ];
  return `${lines.join("\n")}\n`;
}

function header(trajectory: Trajectory, task: Task | undefined): string[] {
  const { policy, usage, outcome, settings } = trajectory;
  const policyParts = [
    policy.kind,
    policy.model && `model ${policy.model}`,
    policy.temperature !== undefined && `temperature ${policy.temperature}`,
    policy.seed !== undefined && `seed ${policy.seed}`,
    policy.sample !== undefined && `sample ${policy.sample}`,
    policy.teacher && `teacher ${policy.teacher}${policy.beta !== undefined ? ` (beta ${policy.beta})` : ""}`,
  ];
  const exit = outcome
    ? `${outcome.exitReason}${outcome.submitted ? "" : " (not submitted)"}${outcome.detail ? ` — ${outcome.detail}` : ""}`
    : "running/killed (no outcome recorded)";
  return [
    `trajectory ${trajectory.id}${trajectory.roundId ? ` · round ${trajectory.roundId}` : ""} · ${trajectory.createdAt}`,
    `task: ${trajectory.taskId}${task ? ` (${task.repo} @ ${task.baseCommit.slice(0, 12)})` : ""}`,
    `policy: ${join(policyParts)}`,
    `exit: ${exit}`,
    `steps ${trajectory.steps.length} · tokens ${count(usage.promptTokens)} prompt + ${count(usage.completionTokens)} completion · wall ${duration(usage.wallTimeMs)} · ${trajectory.sandboxed ? "sandboxed" : "NOT sandboxed"}`,
    ...(trajectory.tools.length ? [`tools: ${trajectory.tools.join(", ")}`] : []),
    ...(settings
      ? [
          `settings: context ${count(settings.contextWindow)} tokens · keep ${settings.keepObservations} observations · max ${settings.maxSteps} steps · max wall ${duration(settings.maxWallMs)} · observations cut at ${count(settings.maxObservationChars)} chars`,
        ]
      : []),
  ];
}

function prompts(trajectory: Trajectory): string[] {
  if (!trajectory.prompt) return [];
  const system = trajectory.prompt.system.split("\n");
  const shown = system.length > SYSTEM_PROMPT_LINES + 2 ? system.slice(0, SYSTEM_PROMPT_LINES) : system;
  return [
    "",
    `── system prompt${shown.length < system.length ? ` (first ${shown.length} of ${system.length} lines)` : ""}`,
    ...shown,
    ...(shown.length < system.length ? [`… ${system.length - shown.length} more lines`] : []),
    "",
    "── user prompt",
    ...trajectory.prompt.user.split("\n"),
  ];
}

function renderStep(step: Step, options: { showMasked: boolean; maxObservationLines: number }): string[] {
  const time = `${duration(step.durationMs)}${step.policyMs > 0 ? ` (policy ${duration(step.policyMs)})` : ""}`;
  const lines = ["", `── step ${step.index} · ${step.actor} · ${count(step.tokens.prompt)}+${count(step.tokens.completion)} tokens · ${time}`];
  if (step.reasoning.trim()) lines.push(...prefixed(step.reasoning.trimEnd(), "  thinking: ", "            "));
  if (step.content.trim()) lines.push(...indent(step.content.trimEnd().split("\n"), "  "));
  const answered = new Set<string>();
  for (const call of step.toolCalls) {
    lines.push(`  ${callLine(call)}`);
    for (const observation of step.observations.filter((entry) => entry.toolCallId === call.id)) {
      answered.add(observation.toolCallId);
      lines.push(...renderObservation(observation, options));
    }
    for (const event of step.events.filter((entry) => entry.toolCallId === call.id)) lines.push(`    ! ${event.kind}: ${event.detail}`);
  }
  // Observations for calls this step does not list (a call the parser could not read).
  for (const observation of step.observations.filter((entry) => !answered.has(entry.toolCallId))) lines.push(...renderObservation(observation, options));
  const callIds = new Set(step.toolCalls.map((call) => call.id));
  for (const event of step.events.filter((entry) => entry.toolCallId === undefined || !callIds.has(entry.toolCallId))) lines.push(`  ! ${event.kind}: ${event.detail}`);
  if (step.formatError) lines.push(...prefixed(step.formatError, "  ! format error: ", "    "));
  if (step.teacherLabel && !sameActions(step.teacherLabel.toolCalls, step.toolCalls)) {
    const calls = step.teacherLabel.toolCalls;
    if (calls.length === 0) lines.push("  teacher would: (no tool call)");
    for (const call of calls) lines.push(`  teacher would: ${callLine(call)}`);
  }
  return lines;
}

function callLine(call: ToolCall): string {
  if (call.argumentsText !== undefined) return `→ ${call.name} (malformed arguments) ${cut(call.argumentsText.replace(/\s*\n\s*/g, " "), ARGUMENTS_TEXT_CHARS)}`;
  return `→ ${call.name} ${JSON.stringify(call.arguments, (_, value: unknown) => (typeof value === "string" ? cut(value, ARGUMENT_STRING_CHARS) : value))}`;
}

function renderObservation(observation: Observation, { showMasked, maxObservationLines }: { showMasked: boolean; maxObservationLines: number }): string[] {
  const content = observation.content.replace(/\n$/, "");
  const all = content === "" ? [] : content.split("\n");
  const markers = [
    observation.isError && "[error]",
    observation.truncated && "[cut for the model]",
    observation.masked && "[masked in later context]",
  ];
  const head = `    ← ${join([observation.tool ?? "(no tool)", `${all.length} line${all.length === 1 ? "" : "s"}`])}${markers.some(Boolean) ? ` ${markers.filter(Boolean).join(" ")}` : ""}`;
  const hidden = observation.masked && !showMasked;
  const shown = hidden ? [] : all.slice(0, maxObservationLines);
  const rest = all.length - shown.length;
  const more = rest > 0 && !hidden ? [`      … ${rest} more line${rest === 1 ? "" : "s"}${observation.raw ? ` (full output: ${observation.raw})` : ""}`] : [];
  const raw = observation.raw && rest === 0 && !hidden ? [`      (full output: ${observation.raw})`] : [];
  return [head, ...indent(shown, "      "), ...more, ...raw];
}

function footer(trajectory: Trajectory): string[] {
  const outcome = trajectory.outcome;
  if (!outcome) return ["", "── no outcome: the rollout is still running, or was killed before it ended"];
  if (outcome.patch.trim() === "") return ["", "── final patch: empty"];
  const files = splitFileDiffs({ patch: outcome.patch });
  let added = 0;
  let removed = 0;
  for (const file of files) {
    for (const line of changedLines({ patch: file.patch })) {
      if (line.side === "after") added++;
      else removed++;
    }
  }
  const patchLines = outcome.patch.replace(/\n$/, "").split("\n");
  return [
    "",
    `── final patch: ${files.length} file${files.length === 1 ? "" : "s"} (${files.map((file) => file.path).join(", ")}), +${added} −${removed} lines`,
    ...patchLines.slice(0, PATCH_LINES),
    ...(patchLines.length > PATCH_LINES ? [`… ${patchLines.length - PATCH_LINES} more lines`] : []),
  ];
}

function sameActions(a: ToolCall[], b: ToolCall[]): boolean {
  const key = (calls: ToolCall[]) => JSON.stringify(calls.map((call) => [call.name, call.arguments]));
  return key(a) === key(b);
}

function prefixed(text: string, first: string, rest: string): string[] {
  return text.split("\n").map((line, index) => `${index === 0 ? first : rest}${line}`);
}

function indent(lines: string[], by: string): string[] {
  return lines.map((line) => (line === "" ? "" : `${by}${line}`));
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function join(parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(" · ");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}
