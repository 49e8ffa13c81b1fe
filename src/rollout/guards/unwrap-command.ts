import { basename } from "node:path";
import type { ShellWord } from "./parse-shell-command.js";

/** The program a simple command really runs, seen through `env`, `nohup`, `xargs`, `timeout` … */
export interface UnwrappedCommand {
  /** The program's base name: `/bin/rm` and `\rm` are both `rm`. */
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
  /** Set when the command runs through sudo, su, doas, pkexec or run0. */
  privileged?: string;
}

/** Words that open or close a compound command; the command proper follows them. */
const RESERVED = new Set(["!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac", "coproc"]);
/** Heads of compound commands whose remaining words are not a command (`for x in a b`). */
const NOT_A_COMMAND = new Set(["for", "case", "select", "function", "in", "[[", "]]"]);
const PRIVILEGED = new Set(["sudo", "doas", "su", "pkexec", "run0"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

/**
 * Short options that take a value, per wrapper; the wrapped command starts at the first word
 * that is neither an option nor such a value.
 */
const WRAPPERS: Record<string, { values: string; long?: string[]; positional?: number }> = {
  env: { values: "uCS", long: ["--unset", "--chdir", "--split-string"] },
  command: { values: "" },
  builtin: { values: "" },
  exec: { values: "a" },
  nohup: { values: "" },
  time: { values: "fo", long: ["--format", "--output"] },
  nice: { values: "n", long: ["--adjustment"] },
  ionice: { values: "cnp", long: ["--class", "--classdata", "--pid"] },
  timeout: { values: "sk", long: ["--signal", "--kill-after"], positional: 1 },
  stdbuf: { values: "ioe", long: ["--input", "--output", "--error"] },
  xargs: { values: "ILnPsdEa", long: ["--max-args", "--max-procs", "--max-chars", "--delimiter", "--eof", "--arg-file", "--replace", "--max-lines"] },
};

/** The program a command runs, or undefined when it runs none (`for …`, `command -v rm`, assignments only). */
export function unwrapCommand(words: readonly ShellWord[]): UnwrappedCommand | undefined {
  let index = 0;
  for (;;) {
    while (index < words.length && (RESERVED.has(words[index]!.text) || ASSIGNMENT.test(words[index]!.text))) index++;
    const nameWord = words[index];
    if (!nameWord || NOT_A_COMMAND.has(nameWord.text)) return undefined;
    const name = basename(nameWord.text);
    if (PRIVILEGED.has(name)) {
      // Nothing after sudo is worth reading: the command is refused for the sudo alone.
      return { name, nameWord, args: words.slice(index + 1), privileged: name };
    }
    const wrapper = WRAPPERS[name];
    if (!wrapper) return { name, nameWord, args: words.slice(index + 1) };
    index++;
    let positional = wrapper.positional ?? 0;
    while (index < words.length) {
      const text = words[index]!.text;
      if (text === "--") {
        index++;
        break;
      }
      if (name === "command" && /^-[a-zA-Z]*[vV]/.test(text)) return undefined;
      if (text.startsWith("--")) {
        index += wrapper.long?.includes(text) ? 2 : 1;
      } else if (/^-[A-Za-z0-9]/.test(text)) {
        const letter = text[1]!;
        index += wrapper.values.includes(letter) && text.length === 2 ? 2 : 1;
      } else if (name === "env" && ASSIGNMENT.test(text)) {
        index++;
      } else if (positional > 0) {
        positional--;
        index++;
      } else break;
    }
  }
}
