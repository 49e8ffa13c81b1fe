import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { KaizenConfig } from "../config/config-schema.js";
import { detectProject } from "../repo/detect-project.js";
import { git } from "../repo/git.js";
import { allowedEnv } from "../sandbox/allowed-env.js";
import type { Denial } from "../sandbox/classify-denials.js";
import { runSandboxed, type SandboxedResult } from "../sandbox/run-sandboxed.js";
import type { ArtifactRef, TestStatus } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { UserError } from "../user-error.js";
import { installDependencies, type InstalledDependencies } from "../workspace/dependency-cache.js";
import { collectResults } from "./collect-results.js";
import { resolveTestCommand } from "./resolve-test-command.js";
import { runTestSuite } from "./run-test-suite.js";
import type { TestFramework } from "./test-adapters.js";
import type { TestResult } from "./test-result.js";

export class NoTestFrameworkError extends UserError {
  constructor(readonly evidence: string[]) {
    super(
      `no test framework kaizen can read per-test results from (looked at: ${evidence.join("; ")})`,
      "set test.framework (node-test, vitest, jest, mocha, pytest, go-test or cargo-test) and test.command in kaizen.config.json",
    );
  }
}

export interface TestRunReport {
  /** The exact command, as run inside the workspace. */
  command: string[];
  durationMs: number;
  exitCode: number | null;
  timedOut: boolean;
  truncated: boolean;
  results: TestResult[];
  /** Each test's status; requested ids missing from the report are `missing`. */
  statuses: Record<string, TestStatus>;
  denials: Denial[];
  notes: string[];
  /** The run's whole output, as an artifact in the run store. */
  log?: ArtifactRef;
  limits: SandboxedResult["limits"];
}

/** Tests of one workspace, ready to run as often as needed (dependencies linked, command known). */
export interface TestSession {
  framework: TestFramework;
  sandboxed: boolean;
  dependencies: InstalledDependencies;
  /** `timeoutMs` overrides the configured limit, e.g. tighter for a mutant that may loop forever. */
  run(options?: { files?: string[]; ids?: string[]; timeoutMs?: number }): Promise<TestRunReport>;
  /** Any other command in the same sandbox, environment and limits as the tests (a type-check). */
  exec(options: { command: string; args: string[]; timeoutMs: number; network?: boolean }): Promise<SandboxedResult>;
}

export interface OpenTestSessionOptions {
  runDir: string;
  repoName: string;
  /** A workspace from the pool, checked out where the tests should run. */
  workspace: string;
  config: KaizenConfig;
  store: RunStore;
  /** False for --no-sandbox. */
  sandbox: boolean;
}

/**
 * Detects the framework, links cached dependencies (installing them once, network as configured)
 * and returns a session that runs the tests under the sandbox through the framework's
 * machine-readable reporter, keeping each run's whole output as an artifact.
 */
export async function openTestSession({ runDir, repoName, workspace, config, store, sandbox }: OpenTestSessionOptions): Promise<TestSession> {
  const files = (await git({ cwd: workspace, args: ["ls-files", "-z"] })).split("\0").filter(Boolean);
  const detected = detectProject({ files, read: (path) => readText(join(workspace, path)) });
  const framework = config.test.framework ?? detected.test.framework;
  if (!framework) throw new NoTestFrameworkError(detected.evidence);
  const limits = { memoryMb: config.sandbox.memoryMb, maxProcesses: config.sandbox.maxProcesses };
  const depsDir = join(runDir, "deps");
  mkdirSync(depsDir, { recursive: true });
  const dependencies = await installDependencies({
    runDir,
    repoName,
    workspace,
    // Git-hook installers run from `prepare` scripts and fail on the read-only .git/hooks; their own switches turn them off.
    run: (command) => runSandboxed({ ...command, workspace, writable: [depsDir], network: config.sandbox.network.install, env: { ...allowedEnv({ source: process.env }), HUSKY: "0", LEFTHOOK: "0" }, sandbox, ...limits }),
  });
  const testScript = (JSON.parse(readText(join(workspace, "package.json")) ?? "{}") as { scripts?: { test?: string } }).scripts?.test;
  const baseCommand = resolveTestCommand({ framework, configured: config.test.command ?? detected.test.command, ...(testScript ? { testScript } : {}) });
  const env = allowedEnv({ source: process.env });
  env.PATH = [...dependencies.pathPrefix, env.PATH ?? "/usr/bin:/bin"].join(":");
  if (dependencies.pythonPath.length) env.PYTHONPATH = dependencies.pythonPath.join(":");

  let runs = 0;
  const run = async ({ files: chosen, ids, timeoutMs }: { files?: string[]; ids?: string[]; timeoutMs?: number } = {}): Promise<TestRunReport> => {
    const reportDir = join(runDir, "reports", `${process.pid}-${Date.now()}-${++runs}`);
    mkdirSync(reportDir, { recursive: true });
    const outputPath = join(reportDir, "output.log");
    let sandboxResult: SandboxedResult | undefined;
    try {
      const suite = await runTestSuite({
        framework,
        repoDir: workspace,
        reportDir,
        timeoutMs: timeoutMs ?? config.test.timeoutSec * 1000,
        ...(baseCommand ? { baseCommand } : {}),
        ...(chosen ? { files: chosen } : {}),
        ...(ids ? { ids } : {}),
        run: async (command) => {
          sandboxResult = await runSandboxed({
            ...command,
            fullOutputPath: outputPath,
            workspace,
            writable: [reportDir],
            // The dependency cache may sit under a hidden home directory; tests read it.
            exposed: [depsDir],
            scratch: dependencies.scratch,
            network: config.sandbox.network.test,
            env,
            sandbox,
            ...limits,
          });
          return sandboxResult;
        },
      });
      return {
        command: suite.command,
        durationMs: suite.process.durationMs,
        exitCode: suite.process.exitCode,
        timedOut: suite.process.timedOut,
        truncated: suite.process.truncated,
        results: suite.results,
        statuses: collectResults({ expected: ids ?? [], reported: suite.results }),
        denials: sandboxResult?.denials ?? [],
        notes: [...suite.notes, ...(sandboxResult?.notes ?? [])],
        ...(existsSync(outputPath) ? { log: await store.putArtifactFile(outputPath) } : {}),
        limits: sandboxResult?.limits ?? "none",
      };
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  };
  const exec = ({ command, args, timeoutMs, network = config.sandbox.network.test }: { command: string; args: string[]; timeoutMs: number; network?: boolean }) =>
    runSandboxed({ command, args, timeoutMs, workspace, exposed: [depsDir], scratch: dependencies.scratch, network, env, sandbox, ...limits });
  return { framework, sandboxed: sandbox, dependencies, run, exec };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
