import { readFileSync } from "node:fs";
import { z } from "zod";
import { runProcess } from "../../exec/run-process.js";
import { isolatedGitEnv } from "../../repo/git.js";
import { defineTool } from "./define-tool.js";
import { repoFileSource } from "./repo-file-source.js";

/** A matching line longer than this is cut: minified code must not fill the output. */
const MAX_LINE_CHARS = 300;

const parameters = z.strictObject({
  query: z.string().min(1).describe("Regular expression (Perl-compatible), or plain text with fixed_strings"),
  file_pattern: z.string().min(1).optional().describe("Glob of files to search, relative to the repository root, e.g. src/**/*.ts or *.py"),
  fixed_strings: z.boolean().default(false).describe("Treat query as plain text, not a regular expression"),
  max_results: z.number().int().min(1).max(500).default(50).describe("Matching lines shown at most (default 50)"),
});

let pcre: Promise<boolean> | undefined;

export const repoSearchTool = defineTool({
  id: "repo_search",
  description: readFileSync(new URL("./repo-search.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ query, file_pattern, fixed_strings, max_results }, context) {
    const perl = !fixed_strings && (await (pcre ??= supportsPcre(context.workspace)));
    const mode = fixed_strings ? "-F" : perl ? "-P" : "-E";
    const pathspecs = [":(exclude,glob)**/node_modules/**", ...(file_pattern ? globPathspecs(file_pattern) : [])];
    const result = await runProcess({
      command: "git",
      args: ["grep", "-n", "-I", "--untracked", "--null", "--no-color", mode, "-e", query, "--", ...pathspecs],
      cwd: context.workspace,
      env: isolatedGitEnv(),
      timeoutMs: 60_000,
    });
    const where = file_pattern ? ` (files matching ${file_pattern})` : "";
    const note = !fixed_strings && !perl ? "\n(note: this git has no Perl-compatible regex support; the query ran as a POSIX extended regex)" : "";
    if (result.timedOut) return { output: `the search took longer than 60 s and was stopped; narrow it with file_pattern`, isError: true };
    if (result.exitCode === 1 && result.stderr.trim() === "") return { output: `no matches for ${query}${where}${note}`, sources: [] };
    if (result.exitCode !== 0) {
      const reason = result.stderr.trim().replace(/^fatal: /, "");
      const fix = fixed_strings ? "" : "; fix the expression, or set fixed_strings to search for the text as written";
      return { output: `the search failed: ${reason}${fix}`, isError: true };
    }

    const matches = result.stdout.split("\n").filter(Boolean).map((line) => {
      const [path = "", number = "", ...text] = line.split("\0");
      return { path, number, text: text.join("\0") };
    });
    const shown = matches.slice(0, max_results);
    const files = new Set(matches.map((match) => match.path));
    const lines = shown.map(({ path, number, text }) => `${path}:${number}: ${text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text}`);
    const shownFiles = new Set(shown.map((match) => match.path));
    const leftOff = matches.length - shown.length;
    const more = leftOff > 0 ? `\n[… ${leftOff} more matching lines not shown; narrow the query or file_pattern, or raise max_results]` : "";
    return {
      output: `${plural(matches.length, "matching line")} in ${plural(files.size, "file")}${where}:\n${lines.join("\n")}${more}${note}`,
      sources: [...shownFiles].map((path) => repoFileSource(context, path)),
    };
  },
});

/**
 * `*.py` searches every directory, as the model most likely means; a pattern with a slash is
 * rooted. A pattern naming a directory (`tests`, `src/`) searches everything under it.
 */
function globPathspecs(pattern: string): string[] {
  const rooted = pattern.replace(/^\.?\//, "").replace(/\/+$/, "");
  const glob = rooted.includes("/") ? rooted : `**/${rooted}`;
  return [`:(glob)${glob}`, `:(glob)${glob}/**`];
}

async function supportsPcre(cwd: string): Promise<boolean> {
  const probe = await runProcess({ command: "git", args: ["grep", "-P", "-q", "-e", "x", "--", ":(glob)kaizen-pcre-probe/never-matches"], cwd, env: isolatedGitEnv(), timeoutMs: 10_000 });
  return probe.exitCode === 0 || probe.exitCode === 1;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
