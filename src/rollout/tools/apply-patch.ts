import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { languageForPath } from "../../code/load-grammar.js";
import { runProcess } from "../../exec/run-process.js";
import { splitFileDiffs } from "../../repo/file-diffs.js";
import { isolatedGitEnv } from "../../repo/git.js";
import { checkWritePath } from "../guards/check-write-path.js";
import { defineTool, type ToolContext, type ToolOutput } from "./define-tool.js";
import { findSyntaxError } from "./find-syntax-error.js";

const parameters = z.strictObject({
  patch: z.string().min(1).describe("A unified diff, with ---/+++ file headers and @@ hunks"),
});

export const applyPatchTool = defineTool({
  id: "apply_patch",
  description: readFileSync(new URL("./apply-patch.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ patch }, context) {
    const text = withoutFence(patch);
    const sections = splitFileDiffs({ patch: text });
    if (sections.length === 0) {
      return { output: "no file diffs found in the patch; give a unified diff with --- a/path and +++ b/path headers followed by @@ hunks", isError: true };
    }
    const strip = stripLevel(text);
    const dir = mkdtempSync(join(tmpdir(), "kaizen-patch-"));
    try {
      const patchFile = join(dir, "change.patch");
      writeFileSync(patchFile, text.endsWith("\n") ? text : `${text}\n`);
      const git = (args: string[]) =>
        runProcess({ command: "git", args: ["apply", `-p${strip}`, "--recount", "--whitespace=nowarn", ...args, patchFile], cwd: context.workspace, env: isolatedGitEnv(), timeoutMs: 60_000 });

      // git apply writes outside the sandbox: every path it would touch, as it reads them, is checked first.
      const numstat = await git(["--numstat", "-z"]);
      if (numstat.exitCode !== 0) return failed(numstat.stderr);
      const counted = parseNumstat(numstat.stdout);
      const paths = new Set([...sections.flatMap((section) => [section.oldPath, section.newPath]), ...counted.flatMap((entry) => entry.paths)]);
      for (const path of paths) {
        if (path === undefined) continue;
        const guard = checkWritePath({ path, workspace: context.workspace });
        if (!guard.allowed) {
          return {
            output: `blocked: ${guard.reason}. ${guard.hint}. Nothing was applied.`,
            isError: true,
            events: [{ kind: "guard-blocked", detail: `apply_patch ${path}: ${guard.reason}` }],
          };
        }
      }

      const applied = await git([]);
      if (applied.exitCode !== 0) return failed(applied.stderr);
      const lines = counted.map(({ added, deleted, paths: [from, to] }) => `  ${to && to !== from ? `${from} → ${to}` : from} (${added === undefined ? "binary" : `+${added} −${deleted}`})`);
      const warnings = await syntaxWarnings(context, counted.map(({ paths }) => paths[paths.length - 1]!));
      return { output: `applied the patch to ${counted.length} file${counted.length === 1 ? "" : "s"}:\n${lines.join("\n")}${warnings}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

function failed(stderr: string): ToolOutput {
  const reason = stderr.trim().replace(/\/tmp\/kaizen-patch-[^/]+\/change\.patch/g, "the patch");
  return {
    output:
      `the patch was not applied (nothing changed):\n${reason}\n` +
      "Re-read the affected lines with read_file and make the context and removed lines match the file exactly, or use edit for small changes.",
    isError: true,
  };
}

/** Models often wrap a diff in a Markdown fence. */
function withoutFence(patch: string): string {
  const fenced = /^\s*```[\w-]*\n([\s\S]*?)\n```\s*$/.exec(patch);
  return fenced ? `${fenced[1]}\n` : patch;
}

/** 1 for git-style a/ and b/ prefixes, 0 for a plain diff of repository-relative paths. */
function stripLevel(patch: string): number {
  if (/^diff --git /m.test(patch)) return 1;
  const paths = [...patch.matchAll(/^(?:---|\+\+\+) (\S+)/gm)].map((match) => match[1]!).filter((path) => path !== "/dev/null");
  return paths.length > 0 && paths.every((path) => /^[ab]\//.test(path)) ? 1 : 0;
}

/** `git apply --numstat -z`: `added\tdeleted\tpath\0`, or for a rename `added\tdeleted\t\0old\0new\0`. */
function parseNumstat(output: string): { added?: number; deleted?: number; paths: string[] }[] {
  const fields = output.split("\0");
  const entries: { added?: number; deleted?: number; paths: string[] }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(fields[i]!);
    if (!match) continue;
    const counts = match[1] === "-" ? {} : { added: Number(match[1]), deleted: Number(match[2]) };
    if (match[3]) entries.push({ ...counts, paths: [match[3]] });
    else {
      entries.push({ ...counts, paths: [fields[i + 1]!, fields[i + 2]!] });
      i += 2;
    }
  }
  return entries;
}

/** Patches are not refused for syntax (they may be one of several steps), but the agent hears of it. */
async function syntaxWarnings(context: ToolContext, paths: string[]): Promise<string> {
  const notes: string[] = [];
  for (const path of paths) {
    if (!languageForPath(path)) continue;
    let source: string;
    try {
      source = readFileSync(join(context.workspace, path), "utf8");
    } catch {
      continue;
    }
    const problem = await findSyntaxError({ path, source });
    if (problem) notes.push(`\nnote: ${path} now has a syntax error at line ${problem.line} (${problem.description})`);
  }
  return notes.join("");
}
