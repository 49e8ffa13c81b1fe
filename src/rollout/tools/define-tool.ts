import type { z } from "zod";
import type { ArtifactRef, ProvenanceSource, StepEvent, Task } from "../../schema/records.js";
import type { RunStore } from "../../store/run-store.js";
import type { TestSession } from "../../test-runners/test-session.js";

/** What every tool call runs against: the workspace, the task, the sandboxed tests and the store. */
export interface ToolContext {
  /** Absolute path of the work tree (a git clone at task.baseCommit, hooks disabled). */
  workspace: string;
  task: Task;
  /** Runs the tests, or any other command, in the sandbox. */
  tests: TestSession;
  store: RunStore;
  /** SPDX id of the repository's licence, when detected. */
  license?: string;
  /** Values to redact wherever they appear (configured API keys, secret environment values). */
  secrets: string[];
  /** Characters of output shown before head/tail truncation (default 10000: head and tail of 5000 each). */
  maxObservationChars: number;
  /** Whether the agent's shell commands get the network (sandbox.network.agent); off by default. */
  agentNetwork?: boolean;
}

/** What a tool's `execute` returns; the wrapper turns it into a ToolResult. */
export interface ToolOutput {
  output: string;
  /** The call failed or was refused; `output` says why and what to do. */
  isError?: boolean;
  /** Where the shown content came from (repo files read, searched, listed; test/bash output). */
  sources?: ProvenanceSource[];
  events?: { kind: StepEvent["kind"]; detail: string }[];
  /** Only submit sets it: the rollout ends after this call. */
  submitted?: boolean;
}

/** One tool the agent can call: declared once, run through `runTool`. */
export interface Tool<P extends z.ZodType = z.ZodType> {
  /** The snake_case name the model calls. */
  id: string;
  /** Model-facing, loaded from a sibling `<id-in-kebab>.txt`. */
  description: string;
  /** A zod object schema. */
  parameters: P;
  execute(args: z.infer<P>, context: ToolContext): Promise<ToolOutput>;
}

/**
 * Declares a tool. Tools only do their own work: validation, redaction, instruction flagging,
 * truncation and provenance bookkeeping happen once, in `runTool`.
 */
export function defineTool<P extends z.ZodType>(spec: { id: string; description: string; parameters: P; execute: Tool<P>["execute"] }): Tool<P> {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.id)) throw new Error(`tool id "${spec.id}" must be snake_case`);
  return { id: spec.id, description: spec.description.trim(), parameters: spec.parameters, execute: spec.execute };
}

/** One call's observation as the harness records it. */
export interface ToolResult {
  /** As the model sees it: redacted, truncated. */
  content: string;
  /** The full (redacted) output as an artifact, set when truncated. */
  raw?: ArtifactRef;
  truncated: boolean;
  isError: boolean;
  sources: ProvenanceSource[];
  /** Each with toolCallId = callId. */
  events: StepEvent[];
  submitted: boolean;
}

export { runTool } from "./run-tool.js";
export { toolDefinitions } from "./tool-definitions.js";
