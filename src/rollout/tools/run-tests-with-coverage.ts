import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { nodeTestCommand } from "../../test-runners/node-test-command.js";
import { resolveTestCommand } from "../../test-runners/resolve-test-command.js";
import { defineTool, type ToolContext } from "./define-tool.js";
import { repoFileSource } from "./repo-file-source.js";
import { resolveTestFiles } from "./resolve-test-files.js";

const TIMEOUT_MS = 300_000;
/** Coverage data files go to the sandbox's private /tmp, never into the repository. */
const COVERAGE_DIR = "/tmp/kaizen-coverage";

const parameters = z.strictObject({
  files: z.array(z.string().min(1)).max(200).optional().describe("Test files to run, relative to the repository root; all tests when omitted"),
});

type CoverageCommand = { argv: string[] } | { unavailable: string };

export const runTestsWithCoverageTool = defineTool({
  id: "run_tests_with_coverage",
  description: readFileSync(new URL("./run-tests-with-coverage.txt", import.meta.url), "utf8"),
  parameters,
  async execute({ files }, context) {
    const resolved = resolveTestFiles({ context, files: files ?? [] });
    if (!resolved.ok) return { output: resolved.message, isError: true };
    const chosen = resolved.files;
    const command = await coverageCommand(context, chosen);
    const framework = context.tests.framework;
    if ("unavailable" in command) {
      return { output: `coverage is not available for ${framework} here: ${command.unavailable}; use run_tests`, isError: true };
    }

    const [program, ...args] = command.argv as [string, ...string[]];
    const result = await context.tests.exec({ command: program, args, timeoutMs: TIMEOUT_MS });
    const output = `${result.stdout}${result.stdout && result.stderr ? "\n" : ""}${result.stderr}`.trimEnd();
    const header = `coverage run with ${framework} (exit code ${result.exitCode ?? "none"}, ${(result.durationMs / 1000).toFixed(1)} s)`;
    const lines = [result.timedOut ? `${header}: timed out after ${TIMEOUT_MS / 1000} s and was stopped; run fewer files` : header];
    if (result.spawnError) lines.push(`the command did not start: ${result.spawnError}`);
    lines.push(framework === "node-test" ? nodeCoverageSection(output) : output);
    return { output: lines.join("\n"), sources: [repoFileSource(context, ".")] };
  },
});

async function coverageCommand(context: ToolContext, files: string[]): Promise<CoverageCommand> {
  const { workspace } = context;
  switch (context.tests.framework) {
    case "node-test": {
      const testScript = packageTestScript(workspace);
      const [program = "node", ...rest] = resolveTestCommand({ framework: "node-test", ...(testScript ? { testScript } : {}) }) ?? ["node", "--test"];
      // The repository's own node invocation (its --import hooks) with coverage on; the report is read from the spec output.
      const argv = nodeTestCommand({ baseCommand: [program, "--experimental-test-coverage", ...rest], ...(files.length ? { files } : {}), reportPath: "/dev/null" });
      return { argv };
    }
    case "jest":
      return {
        argv: ["node_modules/.bin/jest", "--ci", "--coverage", "--coverageReporters=text", `--coverageDirectory=${COVERAGE_DIR}`, ...(files.length ? ["--runTestsByPath", ...files] : [])],
      };
    case "vitest":
      if (!existsSync(join(workspace, "node_modules", "@vitest", "coverage-v8"))) return { unavailable: "@vitest/coverage-v8 is not installed in the repository" };
      return {
        argv: ["node_modules/.bin/vitest", "run", "--coverage.enabled", "--coverage.provider=v8", "--coverage.reporter=text", `--coverage.reportsDirectory=${COVERAGE_DIR}`, ...files],
      };
    case "go-test": {
      const packages = files.length ? [...new Set(files.map((file) => `./${dirname(file)}`))] : ["./..."];
      return { argv: ["go", "test", "-cover", ...packages] };
    }
    case "pytest": {
      const probe = await context.tests.exec({ command: "python3", args: ["-c", "import pytest_cov"], timeoutMs: 60_000 });
      if (probe.exitCode !== 0) return { unavailable: "pytest-cov is not installed (import pytest_cov failed)" };
      return {
        argv: ["sh", "-c", `COVERAGE_FILE=${COVERAGE_DIR} exec python3 -m pytest -p no:cacheprovider --cov=. --cov-report=term "$@"`, "sh", ...files],
      };
    }
    default:
      return { unavailable: "kaizen measures coverage for node-test, jest, vitest (with @vitest/coverage-v8), go-test and pytest (with pytest-cov)" };
  }
}

/** node:test's spec output with the per-test lines dropped: the summary counts and the coverage table. */
function nodeCoverageSection(output: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((line) => /start of coverage report/.test(line));
  const end = lines.findIndex((line) => /end of coverage report/.test(line));
  if (start < 0) return `${output}\n(no coverage report was printed)`;
  const summary = lines.slice(0, start).filter((line) => /^\s*[ℹ#] (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(line));
  const failures = lines.slice(0, start).filter((line) => /^\s*✖ /.test(line)).slice(0, 20);
  return [...summary, ...(failures.length ? ["failing:", ...failures] : []), ...lines.slice(start, end < 0 ? undefined : end + 1)].join("\n");
}

function packageTestScript(workspace: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(workspace, "package.json"), "utf8")) as { scripts?: { test?: unknown } };
    return typeof manifest.scripts?.test === "string" ? manifest.scripts.test : undefined;
  } catch {
    return undefined;
  }
}
