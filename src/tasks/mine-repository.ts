import { changedSymbolsInPatch } from "../code/changed-symbols-in-patch.js";
import type { KaizenConfig } from "../config/config-schema.js";
import { runProcess } from "../exec/run-process.js";
import { git, isolatedGitEnv } from "../repo/git.js";
import { languagesOf } from "../repo/languages.js";
import { localRepoName, openLocalRepository } from "../repo/local-repository.js";
import type { Candidate, Task } from "../schema/records.js";
import { task as taskSchema } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { openTestSession } from "../test-runners/test-session.js";
import { WorkspacePool } from "../workspace/workspace-pool.js";
import { candidateFilter } from "./candidate-filter.js";
import { classifyCommit } from "./classify-commit.js";
import type { ChatClient } from "../models/chat-client.js";
import { statementWriter, type StatementWriter } from "./model-statement.js";
import { writeProblemStatement } from "./problem-statement.js";
import { firstParentCommits, readCommit, type CommitFacts } from "./read-commit.js";
import { splitPatch } from "./split-patch.js";
import { recordedRuns, validateCandidate, type CandidateValidation } from "./validate-candidate.js";

export interface MineOptions {
  runDir: string;
  repoPath: string;
  config: KaizenConfig;
  store: RunStore;
  since?: string;
  until?: string;
  /** Consider only the newest N first-parent commits of the range. */
  limit?: number;
  jobs?: number;
  sandbox?: boolean;
  /** A model that rewrites each task's statement from the message and the failing tests (optional). */
  statementModel?: ChatClient;
  /**
   * Consider only commits it accepts (acquisition aims mining at a thin category). A commit it
   * turns away is not decided, so mining without the filter later still considers it.
   */
  commitFilter?: (commit: CommitFacts) => boolean;
  onProgress?: (progress: MineProgress) => void;
  /** Something the user should know that does not stop mining (a model that stopped answering). */
  onWarning?: (message: string) => void;
}

export interface MineProgress {
  total: number;
  seen: number;
  alreadyDecided: number;
  /** Commits the commit filter turned away (not decided). */
  filteredOut: number;
  skipped: Record<string, number>;
  rejected: Record<string, number>;
  validating: number;
  tasks: number;
}

/**
 * Turns a repository's first-parent history into validated tasks: classify each commit, split
 * its diff into gold and test patches, filter by kind and size, then validate by execution in a
 * sandboxed workspace at the parent. Every decision is stored, so a re-run skips what is decided.
 */
export async function mineRepository(options: MineOptions): Promise<MineProgress> {
  const { runDir, config, store, jobs = 1 } = options;
  const sandbox = options.sandbox ?? config.sandbox.enabled;
  const repository = await openLocalRepository(options.repoPath);
  const repoName = localRepoName(repository.path);
  if (!store.repos.get(repoName)) store.repos.save({ name: repoName, source: repository.path, addedAt: new Date().toISOString() });
  const commits = await firstParentCommits({
    repo: repository.path,
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
  });
  // In a shallow clone the oldest fetched commits look parentless; say so rather than call them roots.
  const shallow = (await git({ cwd: repository.path, args: ["rev-parse", "--is-shallow-repository"] })).trim() === "true";
  const progress: MineProgress = { total: commits.length, seen: 0, alreadyDecided: 0, filteredOut: 0, skipped: {}, rejected: {}, validating: 0, tasks: 0 };
  const report = () => options.onProgress?.({ ...progress, skipped: { ...progress.skipped }, rejected: { ...progress.rejected } });
  const pool = new WorkspacePool(runDir);
  const writeStatement = options.statementModel && statementWriter(options.statementModel, options.onWarning);
  const decide = (record: Omit<Candidate, "repo" | "decidedAt" | "origin">) => {
    store.candidates.save({ ...record, origin: "commit", repo: repoName, decidedAt: new Date().toISOString() });
    if (record.decision === "task") progress.tasks++;
    else {
      const bucket = record.decision === "skipped" ? progress.skipped : progress.rejected;
      bucket[record.reason ?? "other"] = (bucket[record.reason ?? "other"] ?? 0) + 1;
    }
  };

  const mineOne = async (sha: string) => {
    const decided = store.candidates.get(`${repoName}@${sha}`);
    progress.seen++;
    if (decided) {
      progress.alreadyDecided++;
      return;
    }
    const commit = await readCommit({ repo: repository.path, sha });
    if (options.commitFilter && !options.commitFilter(commit)) {
      progress.filteredOut++;
      return;
    }
    const classification = classifyCommit({ subject: commit.subject, body: commit.body, parents: commit.parents.length, files: commit.files });
    const base = { commit: commit.sha, subject: commit.subject, kind: classification.kind, evidence: classification.evidence, gates: [] };
    if (commit.parents.length === 0) {
      return shallow
        ? decide({ ...base, decision: "skipped", reason: "shallow-boundary", detail: "the clone is shallow and this commit's parent was not fetched: git fetch --unshallow" })
        : decide({ ...base, decision: "skipped", reason: "root-commit", detail: "the first commit has no parent to start from" });
    }
    const split = splitPatch({ patch: commit.patch });
    const filter = candidateFilter({ classification, split, limits: config.mine, diff: commit });
    if (!filter.keep) return decide({ ...base, decision: "skipped", reason: filter.reason, detail: filter.detail });

    progress.validating++;
    report();
    let workspace: Awaited<ReturnType<WorkspacePool["acquire"]>> | undefined;
    try {
      workspace = await pool.acquire({ repoName, source: repository.path, baseCommit: commit.parents[0]! });
      const session = await openTestSession({ runDir, repoName, workspace: workspace.path, config, store, sandbox });
      const testFiles = split.testFiles.filter((file) => !split.deletedTestFiles.includes(file));
      const validation = await validateCandidate({ workspace: workspace.path, session, testPatch: split.testPatch, goldPatch: split.goldPatch, testFiles });
      if (validation.rejection) {
        return decide({ ...base, gates: validation.gates, decision: "rejected", reason: validation.rejection.reason, detail: validation.rejection.detail });
      }
      const task = await buildTask({ repoName, repoPath: repository.path, commit, classification, split, validation, framework: session.framework, sandboxed: sandbox, writeStatement });
      store.transaction(() => {
        store.tasks.save(task);
        decide({ ...base, gates: validation.gates, decision: "task", taskId: task.id });
      });
    } catch (error) {
      // A commit that breaks the tooling (install fails, no framework at that commit) is rejected, not fatal.
      decide({ ...base, decision: "rejected", reason: "validation-error", detail: (error as Error).message.split("\n")[0] ?? "" });
    } finally {
      progress.validating--;
      if (workspace) pool.release(workspace);
      report();
    }
  };

  try {
    const queue = [...commits];
    const worker = async () => {
      for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
        await mineOne(sha);
        report();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  } finally {
    await pool.close();
  }
  return progress;
}

async function buildTask({
  repoName,
  repoPath,
  commit,
  classification,
  split,
  validation,
  framework,
  sandboxed,
  writeStatement,
}: {
  repoName: string;
  repoPath: string;
  commit: CommitFacts;
  classification: ReturnType<typeof classifyCommit>;
  split: ReturnType<typeof splitPatch>;
  validation: CandidateValidation;
  framework: string;
  sandboxed: boolean;
  writeStatement: StatementWriter | undefined;
}): Promise<Task> {
  const parent = commit.parents[0]!;
  const show = async (rev: string, path: string) => {
    const result = await runProcess({ command: "git", args: ["show", `${rev}:${path}`], cwd: repoPath, env: isolatedGitEnv(), timeoutMs: 30_000 });
    return result.exitCode === 0 ? result.stdout : undefined;
  };
  const symbols = await changedSymbolsInPatch({ patch: split.goldPatch, readBefore: (path) => show(parent, path), readAfter: (path) => show(commit.sha, path) });
  const before = validation.runs.find((run) => run.phase === "before")?.report;
  const failingTests = validation.failToPass.map((id) => ({ id, ...(messageOf(before, id) ? { message: messageOf(before, id)! } : {}) }));
  const lines = split.stats.goldLines;
  const written = writeProblemStatement({ subject: commit.subject, body: commit.body, failingTests });
  let statement = written.text;
  let statementSource: Task["statementSource"] = { kind: written.source };
  if (writeStatement) {
    const rewritten = await writeStatement({ message: { subject: commit.subject, body: commit.body }, failingTests, goldPatch: split.goldPatch });
    if (rewritten.ok) {
      statement = rewritten.text;
      statementSource = { kind: "model", model: rewritten.model };
    } else statementSource = { kind: written.source, note: rewritten.reason };
  }
  const difficulty = split.goldFiles.length <= 1 && lines <= 10 ? "easy" : split.goldFiles.length <= 3 && lines <= 40 ? "medium" : "hard";
  return taskSchema.parse({
    id: `${repoName.replace(/[^A-Za-z0-9._-]+/g, "__")}-${commit.sha.slice(0, 10)}`,
    repo: repoName,
    baseCommit: parent,
    problemStatement: statement,
    statementSource,
    createdAt: commit.authorDate,
    goldPatch: split.goldPatch,
    testPatch: split.testPatch,
    failToPass: validation.failToPass,
    passToPass: validation.passToPass,
    origin: "commit",
    sourceCommit: commit.sha,
    scope: { files: split.goldFiles, symbols },
    labels: {
      language: languagesOf(split.goldFiles)[0] ?? "unknown",
      kind: ["bug-fix", "feature", "refactor"].includes(classification.kind) ? classification.kind : "other",
      size: { files: split.goldFiles.length, lines },
      difficulty,
      testFramework: framework,
    },
    validation: {
      gates: validation.gates,
      runs: recordedRuns(validation.runs),
      flaky: false,
      sandboxed,
    },
    // Licences are read in the provenance issue; until then a repository file is gray.
    provenance: { tier: "gray", sources: split.goldFiles.map((path) => ({ kind: "repo-file", repo: repoName, path, commit: commit.sha })) },
  });
}

function messageOf(report: { results: { id: string; message?: string }[] } | undefined, id: string): string | undefined {
  return report?.results.find((result) => result.id === id)?.message;
}
