/**
 * A shell word after quote removal. Substitutions stay in `text` as their source (`$(curl x)`)
 * and are listed in `substitutions` so a caller can check what they run.
 */
export interface ShellWord {
  text: string;
  /** The inner source of each `$(…)`, backtick, `<(…)` and `>(…)` in the word, in order. */
  substitutions: string[];
  /** An unquoted `*`, `?` or `[` that the shell would expand. */
  glob: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `>&`, `<`, `<<`, `<<-`, `<<<`, `<&`, `<>` (a leading fd number dropped). */
  operator: string;
  target: ShellWord;
  /** The body of a here-document. */
  body?: string;
}

export interface SimpleCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** Commands joined by `|` share a pipeline number; `stage` is the position within it. */
  pipeline: number;
  stage: number;
  /** How many `( … )` subshells enclose the command. */
  subshell: number;
  /** The command's source text, for messages. */
  source: string;
}

const WORD_END = new Set([" ", "\t", "\r", "\n", ";", "&", "|", "(", ")", "<", ">"]);
const REDIRECT = /^(?:\d+|\{[A-Za-z_]\w*\})?(&>>|&>|>>|>\||>&|>|<<<|<<-|<<|<&|<>|<)/;

/**
 * The simple commands of a shell script, in order: split on `;`, `&&`, `||`, `|`, `&` and
 * newlines, with quotes removed, here-document bodies attached and never parsed as commands.
 * Substitutions are not expanded; their source is kept for the caller to parse in turn. Never
 * throws: unbalanced quotes run to the end of the script.
 */
export function parseShellCommand(script: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  const pendingHeredocs: { redirect: ShellRedirect; delimiter: string; stripTabs: boolean }[] = [];
  let words: ShellWord[] = [];
  let redirects: ShellRedirect[] = [];
  let pipeline = 0;
  let stage = 0;
  let subshell = 0;
  let start = 0;
  let i = 0;

  const finish = (end: number): void => {
    if (words.length > 0 || redirects.length > 0) {
      commands.push({ words, redirects, pipeline, stage, subshell, source: script.slice(start, end).trim() });
    }
    words = [];
    redirects = [];
  };
  const endPipeline = (): void => {
    if (commands.at(-1)?.pipeline === pipeline) pipeline++;
    stage = 0;
  };
  const readHeredocBodies = (): void => {
    for (const pending of pendingHeredocs.splice(0)) {
      const lines: string[] = [];
      while (i < script.length) {
        const newline = script.indexOf("\n", i);
        const line = script.slice(i, newline < 0 ? script.length : newline);
        i = newline < 0 ? script.length : newline + 1;
        const compared = pending.stripTabs ? line.replace(/^\t+/, "") : line;
        if (compared === pending.delimiter) break;
        lines.push(line);
      }
      pending.redirect.body = lines.join("\n");
    }
  };

  while (i < script.length) {
    const char = script[i]!;
    const next = script[i + 1];
    if (char === " " || char === "\t" || char === "\r") {
      i++;
    } else if (char === "\\" && next === "\n") {
      i += 2;
    } else if (char === "#") {
      // Only reached at the start of a word, where `#` opens a comment.
      while (i < script.length && script[i] !== "\n") i++;
    } else if (char === "\n") {
      finish(i);
      endPipeline();
      i++;
      start = i;
      readHeredocBodies();
      start = i;
    } else if (char === ";" || (char === "&" && next !== ">") || (char === "|" && next === "|")) {
      finish(i);
      endPipeline();
      i += (char === ";" && (next === ";" || next === "&")) || char === next ? 2 : 1;
      start = i;
    } else if (char === "|") {
      finish(i);
      stage++;
      i += next === "&" ? 2 : 1;
      start = i;
    } else if (char === "(" || char === ")") {
      finish(i);
      endPipeline();
      subshell = Math.max(0, subshell + (char === "(" ? 1 : -1));
      i++;
      start = i;
    } else if ((char === "<" || char === ">") && next === "(") {
      const word = readWord();
      words.push(word);
    } else {
      const redirect = REDIRECT.exec(script.slice(i, i + 16));
      if (redirect && (/^[<>&]/.test(redirect[0]) || redirect[0].length > redirect[1]!.length)) {
        i += redirect[0].length;
        while (script[i] === " " || script[i] === "\t") i++;
        const operator = redirect[1]!;
        const target = readWord();
        const entry: ShellRedirect = { operator, target };
        redirects.push(entry);
        if (operator === "<<" || operator === "<<-") {
          pendingHeredocs.push({ redirect: entry, delimiter: target.text, stripTabs: operator === "<<-" });
        }
      } else {
        words.push(readWord());
      }
    }
  }
  finish(script.length);
  return commands;

  function readWord(): ShellWord {
    let text = "";
    let glob = false;
    const substitutions: string[] = [];
    if ((script[i] === "<" || script[i] === ">") && script[i + 1] === "(") {
      const end = matchingParen(script, i + 2);
      substitutions.push(script.slice(i + 2, end));
      text += script.slice(i, end + 1);
      i = end + 1;
    }
    while (i < script.length && !WORD_END.has(script[i]!)) {
      const char = script[i]!;
      if (char === "\\") {
        if (script[i + 1] !== "\n") text += script[i + 1] ?? "";
        i += 2;
      } else if (char === "'") {
        const end = script.indexOf("'", i + 1);
        text += script.slice(i + 1, end < 0 ? script.length : end);
        i = end < 0 ? script.length : end + 1;
      } else if (char === "$" && script[i + 1] === "'") {
        const end = ansiQuoteEnd(script, i + 2);
        text += unescapeAnsi(script.slice(i + 2, end));
        i = end + 1;
      } else if (char === '"') {
        i++;
        while (i < script.length && script[i] !== '"') {
          const inner = script[i]!;
          if (inner === "\\" && '$`"\\\n'.includes(script[i + 1] ?? "")) {
            if (script[i + 1] !== "\n") text += script[i + 1];
            i += 2;
          } else if (inner === "$" || inner === "`") {
            text += readDollarOrBacktick(substitutions);
          } else {
            text += inner;
            i++;
          }
        }
        i++;
      } else if (char === "$" || char === "`") {
        text += readDollarOrBacktick(substitutions);
      } else {
        if (char === "*" || char === "?" || char === "[") glob = true;
        text += char;
        i++;
      }
    }
    return { text, substitutions, glob };
  }

  /** Reads `$(…)`, `$((…))`, `${…}`, `` `…` `` or a plain `$`, returning its source text. */
  function readDollarOrBacktick(substitutions: string[]): string {
    const from = i;
    if (script[i] === "`") {
      let end = i + 1;
      while (end < script.length && script[end] !== "`") end += script[end] === "\\" ? 2 : 1;
      substitutions.push(script.slice(i + 1, end).replace(/\\([`\\$])/g, "$1"));
      i = Math.min(end + 1, script.length);
    } else if (script[i + 1] === "(" && script[i + 2] === "(") {
      i = matchingParen(script, i + 2) + 1;
    } else if (script[i + 1] === "(") {
      const end = matchingParen(script, i + 2);
      substitutions.push(script.slice(i + 2, end));
      i = end + 1;
    } else if (script[i + 1] === "{") {
      const end = script.indexOf("}", i + 2);
      i = end < 0 ? script.length : end + 1;
    } else {
      i++;
    }
    return script.slice(from, i);
  }
}

/** The index of the `)` closing a group whose content starts at `from`; skips quotes and nesting. */
function matchingParen(script: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < script.length) {
    const char = script[i]!;
    if (char === "\\") i += 2;
    else if (char === "'") {
      const end = script.indexOf("'", i + 1);
      i = end < 0 ? script.length : end + 1;
    } else if (char === '"') {
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === "\\") i += 2;
        else if (script[i] === "$" && script[i + 1] === "(") i = matchingParen(script, i + 2) + 1;
        else i++;
      }
      i++;
    } else if (char === "`") {
      let end = i + 1;
      while (end < script.length && script[end] !== "`") end += script[end] === "\\" ? 2 : 1;
      i = end + 1;
    } else if (char === "(") {
      depth++;
      i++;
    } else if (char === ")") {
      depth--;
      if (depth === 0) return i;
      i++;
    } else i++;
  }
  return script.length;
}

function ansiQuoteEnd(script: string, from: number): number {
  let i = from;
  while (i < script.length && script[i] !== "'") i += script[i] === "\\" ? 2 : 1;
  return Math.min(i, script.length);
}

function unescapeAnsi(text: string): string {
  const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', e: "\x1b", a: "\x07" };
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code.startsWith("x") && code.length > 1) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return simple[code] ?? `\\${code}`;
  });
}
