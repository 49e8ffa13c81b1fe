import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { z } from "zod";
import { checkWritePath } from "../guards/check-write-path.js";
import { defineTool } from "./define-tool.js";
import { findSyntaxError } from "./find-syntax-error.js";
import { numberLines, splitLines } from "./number-lines.js";
import { repoFileSource } from "./repo-file-source.js";

const CONTEXT_LINES = 3;
const MAX_SNIPPET_LINES = 40;

const parameters = z.strictObject({
  path: z.string().min(1).describe("File path relative to the repository root"),
  old_string: z.string().describe('The exact text to replace; "" to create a new file'),
  new_string: z.string().describe("The text to put in its place"),
  replace_all: z.boolean().default(false).describe("Replace every occurrence instead of exactly one"),
});

export const editTool = defineTool({
  id: "edit",
  description: readFileSync(new URL("./edit.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ path, old_string, new_string, replace_all }, context) {
    const guard = checkWritePath({ path, workspace: context.workspace });
    if (!guard.allowed) {
      return { output: `blocked: ${guard.reason}. ${guard.hint}.`, isError: true, events: [{ kind: "guard-blocked", detail: `edit ${path}: ${guard.reason}` }] };
    }
    const absolute = guard.absolute;
    const name = relative(context.workspace, absolute).split(sep).join("/");
    const exists = existsSync(absolute);
    if (exists && statSync(absolute).isDirectory()) return { output: `${name} is a directory; give the path of a file`, isError: true };

    const before = exists ? readFileSync(absolute) : undefined;
    if (before?.includes(0)) return { output: `${name} is a binary file; edit changes text files only`, isError: true };
    const text = before?.toString("utf8");

    let after: string;
    let at: number;
    let replaced = 1;
    if (old_string === "") {
      if (text) {
        return {
          output: `old_string is empty but ${name} already exists (${splitLines(text).length} lines); to change it, give the exact text to replace (include neighbouring lines to insert next to them)`,
          isError: true,
        };
      }
      after = new_string;
      at = 0;
    } else {
      if (text === undefined) return { output: `${name} does not exist; to create it, give old_string as "" and the content as new_string`, isError: true };
      if (old_string === new_string) return { output: "old_string and new_string are the same; nothing to change", isError: true };
      // A file with CRLF line ends still matches text written with plain newlines.
      const crlf = !text.includes(old_string) && text.includes("\r\n") && !old_string.includes("\r");
      const find = crlf ? old_string.replaceAll("\n", "\r\n") : old_string;
      const put = crlf ? new_string.replaceAll("\n", "\r\n") : new_string;
      const offsets = occurrences(text, find);
      if (offsets.length === 0) return { output: notFound(name, text, old_string), isError: true };
      if (offsets.length > 1 && !replace_all) {
        const lines = offsets.slice(0, 10).map((offset) => lineAt(text, offset));
        return {
          output: `old_string occurs ${offsets.length} times in ${name} (at lines ${lines.join(", ")}${offsets.length > 10 ? ", …" : ""}); include more surrounding lines to make it unique, or set replace_all to true to change every one`,
          isError: true,
        };
      }
      after = text.split(find).join(put);
      at = offsets[0]!;
      replaced = offsets.length;
    }

    const problem = await findSyntaxError({ path: name, source: after });
    if (problem && !(text !== undefined && (await findSyntaxError({ path: name, source: text })))) {
      return {
        output:
          `the edit was not applied: it would leave ${name} with a syntax error at line ${problem.line} (${problem.description}); ` +
          `the file is unchanged. Fix old_string/new_string (balanced brackets, complete statements, indentation) and try again.`,
        isError: true,
      };
    }

    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, after);
    const lines = splitLines(after);
    const first = lineAt(after, at);
    const last = first + Math.max(splitLines(new_string).length, 1) - 1;
    const from = Math.max(1, first - CONTEXT_LINES);
    const to = Math.min(lines.length, last + CONTEXT_LINES, from + MAX_SNIPPET_LINES - 1);
    const what = old_string === "" ? (text === undefined ? `created ${name} (${lines.length} lines)` : `wrote ${name} (${lines.length} lines)`) : `edited ${name}: replaced ${replaced} occurrence${replaced === 1 ? "" : "s"}`;
    const region = lines.length === 0 ? "" : `\n${numberLines({ lines: lines.slice(from - 1, to), first: from })}${to < last ? "\n[…]" : ""}`;
    return { output: `${what}${replaced > 1 ? "; the first is shown" : ""}${region}`, sources: [repoFileSource(context, name)] };
  },
});

function occurrences(text: string, find: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + find.length)) offsets.push(at);
  return offsets;
}

/** The 1-based line an offset falls on. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at >= 0 && at < offset; at = text.indexOf("\n", at + 1)) line++;
  return line;
}

/** Says where the text nearly matches (the same lines with other indentation), when it does. */
function notFound(name: string, text: string, old: string): string {
  const wanted = old.split("\n").map((line) => line.trim());
  while (wanted[0] === "") wanted.shift();
  while (wanted[wanted.length - 1] === "") wanted.pop();
  const lines = text.split("\n").map((line) => line.trim());
  let near = -1;
  if (wanted.length > 0) {
    for (let i = 0; i + wanted.length <= lines.length && near < 0; i++) {
      if (wanted.every((line, j) => lines[i + j] === line)) near = i;
    }
  }
  const hint =
    near >= 0
      ? `; the same lines with different indentation or spacing are at line ${near + 1}: read_file there and copy the text exactly`
      : "; read_file the region and copy the text exactly, including indentation and whitespace";
  return `old_string was not found in ${name}${hint}`;
}
