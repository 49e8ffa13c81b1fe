import { readFileSync } from "node:fs";
import type { Task } from "../schema/records.js";

const SYSTEM_PROMPT = readFileSync(new URL("./system-prompt.txt", import.meta.url), "utf8").trim();

/** The system prompt and the task prompt a policy is given; both are stored with the trajectory. */
export function rolloutPrompts(task: Task): { system: string; user: string } {
  const user = [
    `Repository: ${task.repo} (${task.labels.language}), checked out in the working directory.`,
    "",
    "<issue>",
    task.problemStatement.trim(),
    "</issue>",
    "",
    "Fix the issue in the repository's source code, verify the fix with the tests, then call submit.",
  ].join("\n");
  return { system: SYSTEM_PROMPT, user };
}
