import type { ToolDefinition } from "../../models/chat-client.js";
import type { Trajectory } from "../../schema/records.js";
import type { SkippedInput } from "../export-format.js";
import { shareJson } from "../shared-json.js";

/** The lists already picked, per set of definitions and offered names: rows share one frozen list. */
const picked = new WeakMap<readonly ToolDefinition[], Map<string, ToolDefinition[]>>();

/**
 * The definitions of the tools a trajectory was offered, in the order it was offered them; all
 * of the harness's tools for a trajectory that recorded none (written before the list was kept).
 * A tool with no definition here skips the trajectory: a row without it would not show the
 * policy the prompt it had.
 */
export function toolsForTrajectory({ trajectory, tools }: { trajectory: Trajectory; tools: readonly ToolDefinition[] }): { tools: readonly ToolDefinition[] } | SkippedInput {
  let lists = picked.get(tools);
  if (!lists) picked.set(tools, (lists = new Map()));
  const key = trajectory.tools.join("\n");
  const known = lists.get(key);
  if (known) return { tools: known };
  const list = trajectory.tools.length === 0 ? [...tools] : [];
  const byName = new Map(tools.map((tool) => [tool.function.name, tool]));
  for (const name of trajectory.tools) {
    const tool = byName.get(name);
    if (!tool) return { skipped: `unknown tool: ${name} has no definition in this kaizen version` };
    list.push(tool);
  }
  lists.set(key, shareJson(list));
  return { tools: list };
}
