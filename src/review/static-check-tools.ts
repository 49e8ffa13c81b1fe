import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { SandboxedResult } from "../sandbox/run-sandboxed.js";

/** One problem a tool reported. Problems are compared by file and message: line numbers shift. */
export interface CheckProblem {
  file: string;
  line?: number;
  message: string;
}

/** A tool's run: its problems, or why it could not say (a crash, a timeout, a bad config). */
export type ToolRun = { ran: true; problems: CheckProblem[] } | { ran: false; why: string };

export type Exec = (options: { command: string; args: string[] }) => Promise<SandboxedResult>;

export interface StaticCheckTool {
  /** The check's name in the review record. */
  name: string;
  /** Whether the tool reads the whole project (a type checker) rather than the files it is given. */
  wholeProject: boolean;
  /** Which of the patch's files the tool looks at. */
  accepts(path: string): boolean;
  /** Why the tool cannot run in this workspace; undefined when it can. */
  unavailable(options: { workspace: string; exec: Exec }): Promise<string | undefined>;
  /** Runs it on `files` (ignored for a whole-project tool), all of which exist in the workspace. */
  run(options: { workspace: string; exec: Exec; files: string[] }): Promise<ToolRun>;
}

const SCRIPT = /\.[mc]?[jt]sx?$/;
const PYTHON = /\.py$/;

/** `tsc --noEmit` with the repository's own compiler and tsconfig, over the whole project (a change breaks its callers). */
export const tscCheck: StaticCheckTool = {
  name: "tsc --noEmit",
  wholeProject: true,
  accepts: (path) => SCRIPT.test(path) || /(^|\/)(tsconfig[^/]*\.json|package\.json)$/.test(path),
  async unavailable({ workspace }) {
    if (!existsSync(join(workspace, "tsconfig.json"))) return "the repository has no tsconfig.json";
    if (!existsSync(join(workspace, "node_modules", ".bin", "tsc"))) return "typescript is not among the repository's installed dependencies";
    return undefined;
  },
  async run({ workspace, exec }) {
    const result = await exec({ command: join(workspace, "node_modules", ".bin", "tsc"), args: ["--noEmit", "-p", "tsconfig.json", "--pretty", "false"] });
    const problems = parseTscOutput(result.stdout);
    if (result.exitCode === 0 || problems.length > 0) return { ran: true, problems };
    return { ran: false, why: failure("tsc", result) };
  },
};

const ESLINT_CONFIGS = ["eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts", ".eslintrc", ".eslintrc.js", ".eslintrc.cjs", ".eslintrc.json", ".eslintrc.yml", ".eslintrc.yaml"];

/** The repository's own eslint and configuration, on the script files the patch touches; errors only (warnings are advice). */
export const eslintCheck: StaticCheckTool = {
  name: "eslint",
  wholeProject: false,
  accepts: (path) => SCRIPT.test(path) && !/\.d\.[mc]?ts$/.test(path),
  async unavailable({ workspace }) {
    if (!existsSync(join(workspace, "node_modules", ".bin", "eslint"))) return "eslint is not among the repository's installed dependencies";
    const inPackage = (JSON.parse(readText(join(workspace, "package.json")) ?? "{}") as { eslintConfig?: unknown }).eslintConfig !== undefined;
    if (!inPackage && !ESLINT_CONFIGS.some((file) => existsSync(join(workspace, file)))) return "the repository has no eslint configuration";
    return undefined;
  },
  async run({ workspace, exec, files }) {
    const result = await exec({ command: join(workspace, "node_modules", ".bin", "eslint"), args: ["--format", "json", "--", ...files] });
    const problems = parseEslintJson(result.stdout, workspace);
    // eslint exits 1 for lint errors and 2 when it could not lint (configuration, crash).
    if (problems && (result.exitCode === 0 || result.exitCode === 1)) return { ran: true, problems };
    return { ran: false, why: failure("eslint", result) };
  },
};

/** `ruff check` with the repository's settings, on the Python files the patch touches. */
export const ruffCheck: StaticCheckTool = {
  name: "ruff check",
  wholeProject: false,
  accepts: (path) => PYTHON.test(path),
  async unavailable({ exec }) {
    const probe = await exec({ command: "ruff", args: ["--version"] });
    return probe.exitCode === 0 ? undefined : "ruff is not installed (in the repository's virtualenv or on PATH)";
  },
  async run({ workspace, exec, files }) {
    const result = await exec({ command: "ruff", args: ["check", "--output-format", "json", "--no-cache", "--", ...files] });
    const problems = parseRuffJson(result.stdout, workspace);
    if (problems && (result.exitCode === 0 || result.exitCode === 1)) return { ran: true, problems };
    return { ran: false, why: failure("ruff", result) };
  },
};

/** `python3 -m pyflakes` on the Python files the patch touches, where ruff is not installed. */
export const pyflakesCheck: StaticCheckTool = {
  name: "pyflakes",
  wholeProject: false,
  accepts: (path) => PYTHON.test(path),
  async unavailable({ exec }) {
    const probe = await exec({ command: "python3", args: ["-c", "import pyflakes"] });
    return probe.exitCode === 0 ? undefined : "pyflakes is not installed (python3 -m pyflakes: in the repository's virtualenv or the system's site-packages)";
  },
  async run({ exec, files }) {
    const result = await exec({ command: "python3", args: ["-m", "pyflakes", ...files] });
    const problems = parsePyflakesOutput(`${result.stdout}\n${result.stderr}`);
    if (result.exitCode === 0 || (result.exitCode === 1 && problems.length > 0)) return { ran: true, problems };
    return { ran: false, why: failure("pyflakes", result) };
  },
};

/** `src/a.ts(3,5): error TS2322: …`; indented lines continue the message before them. */
export function parseTscOutput(output: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const line of output.split("\n")) {
    const located = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    const global = /^error (TS\d+): (.*)$/.exec(line);
    if (located) problems.push({ file: located[1]!, line: Number(located[2]), message: `${located[3]}: ${located[4]}` });
    else if (global) problems.push({ file: "", message: `${global[1]}: ${global[2]}` });
    else if (/^\s+\S/.test(line) && problems.length > 0) problems[problems.length - 1]!.message += ` ${line.trim()}`;
  }
  return problems;
}

/** eslint's JSON formatter: errors (severity 2) with their rule; undefined when the output is not that JSON. */
export function parseEslintJson(output: string, workspace: string): CheckProblem[] | undefined {
  const results = parseJson(output) as { filePath?: string; messages?: { ruleId?: string | null; message?: string; severity?: number; line?: number }[] }[] | undefined;
  if (!Array.isArray(results)) return undefined;
  return results.flatMap((result) =>
    (result.messages ?? [])
      .filter((message) => message.severity === 2)
      .map((message) => ({ file: repoPath(result.filePath ?? "", workspace), ...(message.line ? { line: message.line } : {}), message: `${message.ruleId ?? "error"}: ${message.message ?? ""}` })),
  );
}

/** ruff's JSON output; undefined when the output is not that JSON. */
export function parseRuffJson(output: string, workspace: string): CheckProblem[] | undefined {
  const results = parseJson(output) as { filename?: string; code?: string | null; message?: string; location?: { row?: number } }[] | undefined;
  if (!Array.isArray(results)) return undefined;
  return results.map((result) => ({ file: repoPath(result.filename ?? "", workspace), ...(result.location?.row ? { line: result.location.row } : {}), message: `${result.code ?? "error"}: ${result.message ?? ""}` }));
}

/** `file:line[:col]: message`; the source line and caret of a syntax error are not problems of their own. */
export function parsePyflakesOutput(output: string): CheckProblem[] {
  return output.split("\n").flatMap((line) => {
    const match = /^(.+?\.py):(\d+):(?:\d+:?)? (.*)$/.exec(line);
    return match ? [{ file: match[1]!.replace(/^\.\//, ""), line: Number(match[2]), message: match[3]! }] : [];
  });
}

function repoPath(path: string, workspace: string): string {
  return isAbsolute(path) ? relative(workspace, path) : path;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.trim() || "null");
  } catch {
    return undefined;
  }
}

function failure(tool: string, result: SandboxedResult): string {
  if (result.timedOut) return `${tool} timed out after ${Math.round(result.durationMs / 1000)} s`;
  const output = `${result.stderr}\n${result.stdout}`.trim().split("\n").filter(Boolean).slice(0, 3).join(" | ").slice(0, 300);
  return `${tool} exited with ${result.exitCode ?? result.signal ?? result.spawnError} without a report${output ? `: ${output}` : ""}`;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
