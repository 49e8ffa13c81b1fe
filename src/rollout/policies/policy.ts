import type { ChatMessage, ToolDefinition } from "../../models/chat-client.js";
import type { Actor, PolicyKind, ProvenanceSource, Step, Task } from "../../schema/records.js";

/** A tool call as the policy wrote it: the arguments are JSON text, valid or not. */
export interface ProposedCall {
  id: string;
  name: string;
  argumentsText: string;
}

/** What a policy answers for one state: reasoning, text and the tool calls to run. */
export interface PolicyAction {
  reasoning: string;
  content: string;
  toolCalls: ProposedCall[];
  /** The response as received (a model's JSON body), kept as the step's raw output. */
  raw?: unknown;
  /** Token counts the server reported; counted locally when absent. */
  usage?: { prompt: number; completion: number };
  latencyMs: number;
}

/** Everything a policy may look at when choosing the next action. */
export interface PolicyState {
  task: Task;
  /** 0-based turn about to be taken. */
  turn: number;
  /** The steps so far, with their full observations. */
  steps: Step[];
  /** The context as a model sees it: system, task, then the steps (older observations masked). */
  messages: ChatMessage[];
  tools: ToolDefinition[];
  /** The workspace's absolute path; privileged policies read it, never write it. */
  workspace: string;
  /** What is left of the context window for the answer. */
  maxCompletionTokens: number;
}

/** One turn's decision: who acted, what they did, and the teacher's label for the state. */
export interface Decision {
  actor: Actor;
  action: PolicyAction;
  /** The teacher's action for this state (DAgger); set even when the student acted. */
  teacherLabel?: PolicyAction;
}

/** A policy: a model, the oracle teacher, a scripted student, or a DAgger mix of two. */
export interface Policy {
  readonly kind: PolicyKind;
  /** Short name for ids and transcripts: `oracle`, `model:qwen`, `dagger(model:qwen,oracle)`. */
  readonly label: string;
  readonly model?: string;
  /** Where each actor's output comes from, when it is a model's (its provider's terms apply). */
  readonly outputSources?: Partial<Record<Actor, ProvenanceSource>>;
  decide(state: PolicyState, options?: { signal?: AbortSignal }): Promise<Decision>;
}

/** A policy that answers through `act` and always as the same actor. */
export function singleActorPolicy(options: {
  kind: PolicyKind;
  label: string;
  actor: Actor;
  model?: string;
  outputSource?: ProvenanceSource;
  act: (state: PolicyState, options?: { signal?: AbortSignal }) => Promise<PolicyAction>;
}): Policy {
  return {
    kind: options.kind,
    label: options.label,
    ...(options.model ? { model: options.model } : {}),
    ...(options.outputSource ? { outputSources: { [options.actor]: options.outputSource } } : {}),
    decide: async (state, signal) => ({ actor: options.actor, action: await options.act(state, signal) }),
  };
}
