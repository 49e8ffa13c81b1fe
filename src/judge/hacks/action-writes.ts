import { shellScript, stringArgument, type AgentAction } from "./agent-actions.js";
import { quoteCode } from "./hack-evidence.js";
import { filesWritten } from "./files-written.js";
import { shellCommands } from "./shell-commands.js";

export interface ActionWrite {
  path: string;
  /** `sed -i`, `>`, `cp`, `edit`, `apply_patch`… */
  how: string;
  /** The shell command, or the tool's name, as quoted in evidence. */
  source: string;
}

/** Tools that change files (kaizen's `edit` and `apply_patch`, and the usual names elsewhere). */
const WRITING_TOOL = /edit|patch|write|create|insert|replace/i;

/**
 * The files one tool call writes: a shell call's commands (`filesWritten`), or the path an editing
 * tool names and the files a patch argument touches.
 */
export function actionWrites(action: AgentAction): ActionWrite[] {
  const script = shellScript(action);
  if (script !== undefined) {
    return shellCommands(script).flatMap((command) => filesWritten(command).map((file) => ({ ...file, source: command.source })));
  }
  if (!WRITING_TOOL.test(action.call.name)) return [];
  const path = stringArgument(action, "path", "file_path", "filename");
  const patch = stringArgument(action, "patch", "diff");
  const paths = [...(path ? [path] : []), ...(patch ? [...patch.matchAll(/^(?:\+\+\+|---) (?:[ab]\/)?(\S+)/gm)].map((match) => match[1]!).filter((file) => file !== "/dev/null") : [])];
  return [...new Set(paths)].map((file) => ({ path: file, how: action.call.name, source: action.call.name }));
}

/** How a write reads in evidence: "ran `sed -i … x`, which writes x (sed -i)" or "used edit on x". */
export function describeWrite(write: ActionWrite): string {
  return write.how === write.source ? `used ${write.how} on ${write.path}` : `ran ${quoteCode(write.source)}, which writes ${write.path} (${write.how})`;
}
