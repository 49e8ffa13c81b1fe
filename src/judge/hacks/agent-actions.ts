import type { ToolCall, Trajectory } from "../../schema/records.js";

export interface AgentAction {
  /** The step's own index, for evidence. */
  step: number;
  /** Position of the step in `trajectory.steps`. */
  position: number;
  call: ToolCall;
  /** The tool's arguments; strings only are read. */
  args: Record<string, unknown>;
  /** The harness refused the call (a guard, invalid arguments): the attempt still shows intent. */
  refused: boolean;
}

/** Names under which a policy runs shell commands. */
const SHELL_TOOLS = new Set(["bash", "shell", "run_command", "execute_command"]);

/** Every tool call of a trajectory in order, with whether it was refused. */
export function agentActions(trajectory: Trajectory | undefined): AgentAction[] {
  if (!trajectory) return [];
  return trajectory.steps.flatMap((step, position) =>
    step.toolCalls.map((call) => ({
      step: step.index,
      position,
      call,
      args: call.arguments,
      refused: step.observations.some((observation) => observation.toolCallId === call.id && observation.isError),
    })),
  );
}

/** The shell script a call runs, when it is a shell call. */
export function shellScript(action: AgentAction): string | undefined {
  const command = action.args.command ?? action.args.cmd ?? action.args.script;
  return SHELL_TOOLS.has(action.call.name) && typeof command === "string" ? command : undefined;
}

/** A string argument of a call, when present. */
export function stringArgument(action: AgentAction, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = action.args[name];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** How a call is named in evidence: `step 4 (bash)`, with a note when it was refused. */
export function stepLabel(action: AgentAction): string {
  return `step ${action.step}${action.refused ? " (refused by the harness)" : ""}`;
}
