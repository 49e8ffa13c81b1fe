import type { ArtifactRef, ProvenanceSource, StepEvent } from "../../schema/records.js";
import { summarizeIssues } from "../../schema/describe-issues.js";
import { flagInstructionLikeText } from "../guards/flag-instructions.js";
import { redactSecrets } from "../guards/redact-secrets.js";
import type { Tool, ToolContext, ToolOutput, ToolResult } from "./define-tool.js";
import { describeParameters } from "./tool-definitions.js";
import { truncateOutput } from "./truncate-output.js";

export interface RunToolOptions {
  tool: Tool;
  /** The arguments as the policy gave them, not yet checked. */
  args: unknown;
  context: ToolContext;
  callId: string;
}

const DEFAULT_MAX_CHARS = 10_000;

/**
 * Validates, executes, redacts, truncates, flags and tags one call. Never throws: invalid
 * arguments and a tool's own failure become error observations the model can act on.
 */
export async function runTool({ tool, args, context, callId }: RunToolOptions): Promise<ToolResult> {
  const output = await execute(tool, args, context);
  const redact = (text: string) => redactSecrets({ text, knownSecrets: context.secrets });
  // A tool's own events quote what the agent wrote (a refused command), so they are redacted too.
  const events: StepEvent[] = (output.events ?? []).map((event) => ({ ...event, detail: redact(event.detail).text, toolCallId: callId }));
  const sources = dedupe(output.sources ?? []);

  const redacted = redact(output.output);
  for (const { rule, count } of redacted.redactions) {
    if (count > 0) events.push({ kind: "secret-redacted", detail: `${rule}: ${count} redacted`, toolCallId: callId });
  }
  const text = redacted.text;

  // Repository content is data the agent reads, never instructions it follows; it stays, flagged.
  if (sources.some((source) => source.kind === "repo-file")) {
    const phrases = flagInstructionLikeText(text);
    if (phrases.length > 0) {
      events.push({ kind: "instruction-like-text", detail: phrases.map((phrase) => JSON.stringify(phrase)).join(", "), toolCallId: callId });
    }
  }

  const maxChars = context.maxObservationChars > 0 ? context.maxObservationChars : DEFAULT_MAX_CHARS;
  let raw: ArtifactRef | undefined;
  let unstored = "";
  if (text.length > maxChars) {
    try {
      raw = context.store.putArtifact(text);
    } catch (error) {
      unstored = `; the full output could not be stored: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const shown = truncateOutput({ text, maxChars, ...(raw ? { rawRef: raw } : {}) });
  if (shown.truncated) {
    const where = raw ? `; full output ${raw}` : unstored;
    events.push({ kind: "output-truncated", detail: `${shown.omittedChars} of ${text.length} characters omitted${where}`, toolCallId: callId });
  }

  return {
    content: shown.text,
    ...(raw ? { raw } : {}),
    truncated: shown.truncated,
    isError: output.isError === true,
    sources,
    events,
    submitted: output.submitted === true,
  };
}

async function execute(tool: Tool, args: unknown, context: ToolContext): Promise<ToolOutput> {
  const parsed = tool.parameters.safeParse(withoutNulls(args ?? {}));
  if (!parsed.success) {
    return {
      output:
        `invalid arguments for ${tool.id}: ${summarizeIssues(parsed.error)}. ` +
        `${tool.id} takes ${describeParameters(tool)}. Call it again with corrected arguments.`,
      isError: true,
    };
  }
  try {
    return await tool.execute(parsed.data, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      output: `${tool.id} failed inside the harness: ${message}. This is not a problem with your arguments; try again or take another route.`,
      isError: true,
    };
  }
}

/** Models often send `null` for an optional parameter they mean to leave out. */
function withoutNulls(args: unknown): unknown {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return args;
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== null));
}

function dedupe(sources: ProvenanceSource[]): ProvenanceSource[] {
  const seen = new Map<string, ProvenanceSource>();
  for (const source of sources) {
    const key = JSON.stringify(Object.entries(source).sort(([a], [b]) => a.localeCompare(b)));
    if (!seen.has(key)) seen.set(key, source);
  }
  return [...seen.values()];
}
