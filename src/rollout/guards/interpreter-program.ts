import type { ShellWord } from "./parse-shell-command.js";

/** Where an interpreter takes its program from. */
export type InterpreterProgram =
  | { from: "stdin" }
  | { from: "string"; word: ShellWord; shell: boolean }
  | { from: "file"; word: ShellWord }
  | { from: "module" };

interface Dialect {
  shell: boolean;
  /** Short options whose value is the program text (`-c`, `-e`). */
  program: string;
  /** Short options that take a value, attached or as the next word. */
  value: string;
  /** Short options whose value is a module to run (`python -m`). */
  module: string;
  /** Short options whose optional value can only be attached (`perl -i.bak`). */
  attached?: string;
  /** Short options followed by optional digits (`perl -l`, `-0777`). */
  digits?: string;
  longProgram: string[];
  longValue: string[];
}

const SHELL: Dialect = { shell: true, program: "c", value: "oO", module: "", longProgram: [], longValue: ["--rcfile", "--init-file"] };
const PYTHON: Dialect = { shell: false, program: "c", value: "WXQ", module: "m", longProgram: [], longValue: ["--check-hash-based-pycs"] };
const NODE: Dialect = {
  shell: false,
  program: "ep",
  value: "rC",
  module: "",
  longProgram: ["--eval", "--print"],
  longValue: ["--require", "--import", "--loader", "--experimental-loader", "--conditions", "--input-type", "--env-file"],
};
const PERL: Dialect = { shell: false, program: "eE", value: "IM", module: "", attached: "imdDxC", digits: "0l", longProgram: [], longValue: [] };
const RUBY: Dialect = { shell: false, program: "e", value: "IrCxE", module: "", longProgram: [], longValue: [] };
const PHP: Dialect = { shell: false, program: "r", value: "dcz", module: "", longProgram: [], longValue: [] };

function dialectOf(name: string): Dialect | undefined {
  if (/^(?:sh|bash|zsh|dash|ksh|mksh|ash|fish)$/.test(name)) return SHELL;
  if (/^(?:python[0-9.]*|pypy[0-9.]*)$/.test(name)) return PYTHON;
  if (name === "node" || name === "nodejs" || name === "bun") return NODE;
  if (name === "perl") return PERL;
  if (name === "ruby") return RUBY;
  if (name === "php") return PHP;
  return undefined;
}

/**
 * Where `name args…` reads the program it runs, or undefined when `name` is not an interpreter.
 * `bash` with no script and `python -` read it from stdin, which is what makes `curl … | bash`
 * run downloaded code while `curl … | python -m json.tool` only reads data.
 */
export function interpreterProgram(name: string, args: readonly ShellWord[]): InterpreterProgram | undefined {
  const dialect = dialectOf(name);
  if (!dialect) return undefined;
  let shellProgramFlag = false;
  for (let index = 0; index < args.length; index++) {
    const text = args[index]!.text;
    if (text === "-") return { from: "stdin" };
    if (text === "--") {
      const rest = args[index + 1];
      if (shellProgramFlag && rest) return { from: "string", word: rest, shell: true };
      return rest ? { from: "file", word: rest } : { from: "stdin" };
    }
    if (text.startsWith("--")) {
      const [flag, attached] = splitLong(text);
      if (dialect.longProgram.includes(flag)) {
        const word = attached !== undefined ? { ...args[index]!, text: attached } : args[index + 1];
        return word ? { from: "string", word, shell: false } : { from: "stdin" };
      }
      if (dialect.longValue.includes(flag) && attached === undefined) index++;
      continue;
    }
    if (/^[-+][A-Za-z0-9]/.test(text)) {
      const letters = text.slice(1);
      for (let at = 0; at < letters.length; at++) {
        const letter = letters[at]!;
        const rest = letters.slice(at + 1);
        if (dialect.program.includes(letter)) {
          if (dialect.shell) {
            shellProgramFlag = true;
            continue;
          }
          const word = rest ? { ...args[index]!, text: rest } : args[index + 1];
          return word ? { from: "string", word, shell: false } : { from: "stdin" };
        }
        if (dialect.module.includes(letter)) return { from: "module" };
        if (dialect.shell && letter === "s") return { from: "stdin" };
        if (dialect.attached?.includes(letter)) break;
        if (dialect.digits?.includes(letter)) {
          at += /^[0-9]*/.exec(rest)![0].length;
          continue;
        }
        if (dialect.value.includes(letter)) {
          if (!rest) index++;
          break;
        }
      }
      continue;
    }
    const word = args[index]!;
    return shellProgramFlag ? { from: "string", word, shell: true } : { from: "file", word };
  }
  return { from: "stdin" };
}

function splitLong(text: string): [string, string | undefined] {
  const equals = text.indexOf("=");
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
