import { interpreterProgram } from "../../rollout/guards/interpreter-program.js";
import { parseShellCommand, type ShellRedirect, type ShellWord } from "../../rollout/guards/parse-shell-command.js";
import { unwrapCommand } from "../../rollout/guards/unwrap-command.js";

export interface ShellCommand {
  /** The program's base name, seen through `env`, `timeout`, `xargs` and the like. */
  name: string;
  args: ShellWord[];
  redirects: ShellRedirect[];
  /** Programs run by an interpreter here: `python -c CODE`, `node -e CODE`, a here-document fed to one. */
  programs: string[];
  source: string;
}

const MAX_DEPTH = 4;
const SHELLS = /^(?:sh|bash|zsh|dash|ksh|ash)$/;

/**
 * Every simple command a shell script runs, including those inside `$(…)` substitutions and
 * `bash -c '…'` strings, each with the program text of any inline interpreter code.
 */
export function shellCommands(script: string, depth = 0): ShellCommand[] {
  if (depth > MAX_DEPTH) return [];
  const result: ShellCommand[] = [];
  for (const command of parseShellCommand(script)) {
    for (const inner of [...command.words, ...command.redirects.map((redirect) => redirect.target)].flatMap((word) => word.substitutions)) {
      result.push(...shellCommands(inner, depth + 1));
    }
    const unwrapped = unwrapCommand(command.words);
    if (!unwrapped) continue;
    const programs: string[] = [];
    const program = interpreterProgram(unwrapped.name, unwrapped.args);
    if (program?.from === "string") {
      if (program.shell) result.push(...shellCommands(program.word.text, depth + 1));
      else programs.push(program.word.text);
    }
    if (program?.from === "stdin") {
      for (const redirect of command.redirects) {
        if (redirect.body === undefined && redirect.operator !== "<<<") continue;
        const text = redirect.body ?? redirect.target.text;
        if (SHELLS.test(unwrapped.name)) result.push(...shellCommands(text, depth + 1));
        else programs.push(text);
      }
    }
    result.push({ name: unwrapped.name, args: unwrapped.args, redirects: command.redirects, programs, source: command.source });
  }
  return result;
}
