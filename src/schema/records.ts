/**
 * Every record kaizen stores or exchanges between stages. Stages import these schemas and the
 * inferred types; nothing else defines a record's shape.
 */
import { z } from "zod";

export const commitSha = z.string().regex(/^[0-9a-f]{7,64}$/, "expected a git commit hash (hex)");
export const isoTime = z.iso.datetime({ offset: true });
/** A reference to an artifact file in the run store: `sha256:<hex>`. */
export const artifactRef = z.string().regex(/^sha256:[0-9a-f]{64}$/, "expected an artifact reference sha256:<hex>");
/** A stable test id: `file::name` (names of nested tests joined by ` > `). */
export const testId = z.string().min(1);

// ── Provenance ─────────────────────────────────────────────────────────────────────────────

export const provenanceTier = z.enum(["transparent", "gray", "opaque"]);

export const provenanceSource = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("repo-file"),
    repo: z.string(),
    path: z.string(),
    commit: commitSha,
    /** SPDX identifier of the repository's licence, when detected. */
    license: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal("retrieved"), url: z.string(), domain: z.string() }),
  z.strictObject({
    kind: z.literal("model-output"),
    provider: z.string(),
    model: z.string(),
    /** The provider's terms for using outputs in training, as the policy file names them. */
    terms: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal("human"), who: z.string().optional(), note: z.string().optional() }),
  z.strictObject({ kind: z.literal("dataset"), name: z.string(), license: z.string().optional() }),
]);

/** A tier and the sources behind it; a step's output carries the highest tier in its context. */
export const provenance = z.strictObject({
  tier: provenanceTier,
  sources: z.array(provenanceSource),
});

// ── Tasks ──────────────────────────────────────────────────────────────────────────────────

export const taskOrigin = z.enum(["commit", "injected", "imported", "impossible"]);
export const taskKind = z.enum(["bug-fix", "feature", "refactor", "injected-bug", "other"]);

export const symbolChange = z.strictObject({
  /** Qualified name, `module.Class.method`. */
  name: z.string().min(1),
  kind: z.enum(["function", "method", "class", "interface", "type", "variable", "module"]),
  file: z.string(),
  change: z.enum(["modified", "added", "removed"]),
});

export const validationGate = z.strictObject({
  name: z.string(),
  passed: z.boolean(),
  detail: z.string().optional(),
  durationMs: z.number().nonnegative(),
});

export const testStatus = z.enum(["passed", "failed", "errored", "skipped", "missing"]);

/** One test run during validation: which phase, how long, the per-test outcome. */
export const validationRun = z.strictObject({
  phase: z.string(),
  durationMs: z.number().nonnegative(),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  tests: z.record(testId, testStatus),
  /** Full output of the run, kept as an artifact. */
  log: artifactRef.optional(),
});

export const task = z.strictObject({
  id: z.string().min(1),
  /** `owner/name`, as in SWE-bench. */
  repo: z.string().min(1),
  baseCommit: commitSha,
  problemStatement: z.string(),
  /** What the statement was written from; a model-written one names the model, a fallback says why. */
  statementSource: z
    .strictObject({
      kind: z.enum(["commit-message", "failing-tests", "model", "imported"]),
      model: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  hintsText: z.string().default(""),
  createdAt: isoTime,
  version: z.string().optional(),
  environmentSetupCommit: commitSha.optional(),
  goldPatch: z.string(),
  testPatch: z.string(),
  failToPass: z.array(testId),
  passToPass: z.array(testId),
  origin: taskOrigin,
  /** The commit a mined task came from, or the HEAD an injected bug was made at. */
  sourceCommit: commitSha.optional(),
  scope: z.strictObject({
    files: z.array(z.string()),
    symbols: z.array(symbolChange),
  }),
  labels: z.strictObject({
    language: z.string(),
    kind: taskKind,
    bugClass: z.string().optional(),
    size: z.strictObject({ files: z.number().int().nonnegative(), lines: z.number().int().nonnegative() }),
    difficulty: z.enum(["easy", "medium", "hard"]).optional(),
    testFramework: z.string().optional(),
  }),
  validation: z.strictObject({
    gates: z.array(validationGate),
    runs: z.array(validationRun),
    flaky: z.boolean(),
    /** False when the tests ran without the sandbox (the user passed --no-sandbox). */
    sandboxed: z.boolean(),
  }),
  provenance,
});

/**
 * What mining decided about one commit: a task, skipped before execution (by kind or size), or
 * rejected by a validation gate. Re-running a mine skips commits already decided.
 */
export const candidate = z.strictObject({
  /** Set for injected bugs, several of which share one commit; a mined commit is keyed by repo@commit. */
  id: z.string().min(1).optional(),
  origin: z.enum(["commit", "injected"]).default("commit"),
  repo: z.string().min(1),
  /** The mined commit, or the commit a bug was injected at. */
  commit: commitSha,
  /** The mutation operator, or `combine` for several validated bugs made into one task. */
  operator: z.string().optional(),
  subject: z.string(),
  /** The commit's classification and what decided it. */
  kind: z.string(),
  evidence: z.array(z.string()),
  decision: z.enum(["task", "skipped", "rejected"]),
  /** A machine-readable reason for skipped and rejected commits. */
  reason: z.string().optional(),
  detail: z.string().optional(),
  taskId: z.string().optional(),
  gates: z.array(validationGate),
  decidedAt: isoTime,
});

// ── Trajectories ───────────────────────────────────────────────────────────────────────────

export const policyKind = z.enum(["model", "oracle", "dagger", "scripted"]);
export const actor = z.enum(["student", "teacher", "scripted"]);
export const exitReason = z.enum([
  "submitted",
  "step-limit",
  "token-budget",
  "wall-time",
  "format-errors",
  "policy-error",
  "interrupted",
]);

export const toolCall = z.strictObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** The arguments as the policy wrote them, kept only when they were not a valid JSON object (cut at 4 KB). */
  argumentsText: z.string().optional(),
});

export const observation = z.strictObject({
  toolCallId: z.string(),
  /** The tool that produced it; absent for a call that named no known tool. */
  tool: z.string().optional(),
  /** The text as the model saw it (possibly truncated, secrets redacted). */
  content: z.string(),
  /** The full output, when it was cut for the model. */
  raw: artifactRef.optional(),
  truncated: z.boolean(),
  /** Replaced by a one-line notice in later turns' context (observation masking). */
  masked: z.boolean(),
  /** The call was refused (invalid arguments, a guard, a failed edit): the text says why. */
  isError: z.boolean().default(false),
  /** Where the content came from; repository content is data, never instructions. */
  sources: z.array(provenanceSource).default([]),
});

/** Something the harness noticed at a step, kept for judging and curation. */
export const stepEvent = z.strictObject({
  kind: z.enum([
    "echo",
    "format-error",
    "guard-blocked",
    "secret-redacted",
    "instruction-like-text",
    "budget-warning",
    "output-truncated",
  ]),
  detail: z.string(),
  toolCallId: z.string().optional(),
});

export const step = z.strictObject({
  index: z.number().int().nonnegative(),
  actor,
  reasoning: z.string(),
  /** Assistant text outside tool calls. */
  content: z.string().default(""),
  toolCalls: z.array(toolCall),
  observations: z.array(observation),
  /** The raw model response this step came from. */
  rawOutput: artifactRef.optional(),
  formatError: z.string().optional(),
  /** The teacher's action for this state, when a teacher labelled it (DAgger). */
  teacherLabel: z
    .strictObject({ reasoning: z.string(), toolCalls: z.array(toolCall) })
    .optional(),
  tokens: z.strictObject({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() }),
  /** Everything that entered the context at this step, and the tier it implies. */
  provenance,
  events: z.array(stepEvent).default([]),
  startedAt: isoTime,
  durationMs: z.number().nonnegative(),
  /** Time the policy took to answer (the model's latency), within durationMs. */
  policyMs: z.number().nonnegative().default(0),
});

export const policy = z.strictObject({
  kind: policyKind,
  model: z.string().optional(),
  temperature: z.number().min(0).optional(),
  seed: z.number().int().optional(),
  teacher: z.string().optional(),
  beta: z.number().min(0).max(1).optional(),
  /** Which of a task's K samples this is (0-based). */
  sample: z.number().int().nonnegative().optional(),
});

/** The harness settings a trajectory ran under; exports and budgets need them. */
export const rolloutSettings = z.strictObject({
  contextWindow: z.number().int().positive(),
  /** Observations kept verbatim; older ones are masked. */
  keepObservations: z.number().int().nonnegative(),
  maxSteps: z.number().int().positive(),
  maxWallMs: z.number().positive(),
  /** Characters of a tool's output shown before head/tail truncation. */
  maxObservationChars: z.number().int().positive(),
});

export const trajectory = z.strictObject({
  id: z.string().min(1),
  taskId: z.string().min(1),
  roundId: z.string().optional(),
  policy,
  /** The system and task prompts the policy was given, and the tools offered (by name). */
  prompt: z.strictObject({ system: z.string(), user: z.string() }).optional(),
  tools: z.array(z.string()).default([]),
  settings: rolloutSettings.optional(),
  steps: z.array(step),
  /** Absent while the rollout is still running (or was killed before it ended). */
  outcome: z
    .strictObject({ patch: z.string(), submitted: z.boolean(), exitReason, detail: z.string().optional() })
    .optional(),
  usage: z.strictObject({
    promptTokens: z.number().int().nonnegative(),
    completionTokens: z.number().int().nonnegative(),
    wallTimeMs: z.number().nonnegative(),
  }),
  sandboxed: z.boolean(),
  createdAt: isoTime,
});

// ── Scores ─────────────────────────────────────────────────────────────────────────────────

export const hackFlag = z.strictObject({
  detector: z.string(),
  evidence: z.string(),
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
});

export const score = z.strictObject({
  trajectoryId: z.string().min(1),
  resolved: z.boolean(),
  reward: z.number(),
  components: z.record(z.string(), z.number()),
  /** Why each shaped component has its value. */
  evidence: z.record(z.string(), z.string()).default({}),
  hackFlags: z.array(hackFlag),
  tests: z.record(testId, testStatus).default({}),
  scope: z.strictObject({ precision: z.number().min(0).max(1), recall: z.number().min(0).max(1) }).nullable(),
  plan: z.strictObject({ planned: z.array(z.string()), executed: z.array(z.string()) }).nullable(),
  judgedAt: isoTime,
});

// ── Curation ───────────────────────────────────────────────────────────────────────────────

/**
 * Why curation left a trajectory out of every export. Unresolved and hack-flagged trajectories stay
 * in as negatives: they are the rejected side of preference pairs.
 */
export const exclusionReason = z.enum([
  "unfinished",
  "unjudged",
  "opaque-source",
  "gray-source",
  "opt-out",
  "duplicate",
  "near-duplicate",
  "contaminated",
  "over-length",
  /** The task is in the private benchmark, which never enters a training export. */
  "private-benchmark",
  /** The auditor sent the patch for human sign-off and nobody has accepted it yet. */
  "awaiting-sign-off",
  /** A reviewer rejected the patch. */
  "review-rejected",
]);

/**
 * The sides a task can be on: train, the curated eval split (exported as `test.*`), or the
 * private benchmark, fixed at the first round and never exported.
 */
export const splitSide = z.enum(["train", "eval", "benchmark"]);

/** Which side of the train/eval split a task is on; fixed once assigned, shared by its whole lineage. */
export const taskSplit = z.strictObject({
  taskId: z.string().min(1),
  split: splitSide,
  /** Why a benchmark task was held out (newest commits, a held-out module), for the report. */
  heldOutBy: z.string().optional(),
  /** The lineage keys (source commit, changed functions) that tie this task to others on the same side. */
  lineage: z.array(z.string()),
  assignedAt: isoTime,
});

/** What curation decided about one trajectory, and the facts exports and the audit need. */
export const curationDecision = z.strictObject({
  trajectoryId: z.string().min(1),
  taskId: z.string().min(1),
  repo: z.string().min(1),
  /** The export side; a private-benchmark task is excluded with that reason and recorded as eval. */
  split: z.enum(["train", "eval"]),
  /** False when any reason below applies: the trajectory enters no export. */
  included: z.boolean(),
  reasons: z.array(z.strictObject({ reason: exclusionReason, detail: z.string() })),
  /** Positive: resolved and never hack-flagged. Negatives feed rejected sides and KTO's undesirable label. */
  label: z.enum(["positive", "negative"]),
  /** The highest tier anywhere in the trajectory (its task included), under the provenance policy. */
  tier: provenanceTier,
  /** Per step, the highest tier in its context so far: taint only grows. */
  stepTiers: z.array(provenanceTier),
  /** Steps whose output is kept as context but never trained on (loss-masked) under the policy. */
  maskedSteps: z.array(z.number().int().nonnegative()),
  /** o200k tokens of the whole conversation as exported. */
  tokens: z.number().int().nonnegative(),
  /** The kept trajectory this one duplicates, for duplicate and near-duplicate exclusions. */
  duplicateOf: z.string().optional(),
  /** Where the trajectory's context came from, for the audit and the dataset card. */
  sourceSummary: z.strictObject({
    repos: z.array(z.string()),
    licenses: z.array(z.string()),
    domains: z.array(z.string()),
    models: z.array(z.string()),
    /** The policy rules that set a tier above transparent, e.g. `license:GPL-3.0-only`. */
    rules: z.array(z.string()),
  }),
  curatedAt: isoTime,
});

// ── Learning ───────────────────────────────────────────────────────────────────────────────

export const skillCard = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The failure signature that groups the evidence, e.g. `never-ran-tests`. */
  signature: z.string().min(1),
  description: z.string(),
  modules: z.array(z.string()),
  patterns: z.array(z.string()),
  count: z.number().int().nonnegative(),
  evidence: z.array(z.string()),
  /** How to make more tasks that exercise this weakness. */
  recipe: z.strictObject({
    operators: z.array(z.string()),
    sites: z.array(z.string()),
    commitFilters: z.array(z.string()),
  }),
  roundId: z.string().optional(),
  /** Share of the card's tasks that trajectories resolved when the card was written. */
  solveRate: z.number().min(0).max(1).optional(),
  /** The model that sharpened the description from the traces, when one did. */
  sharpenedBy: z.string().optional(),
  createdAt: isoTime,
});

// ── Private benchmark ──────────────────────────────────────────────────────────────────────

/** One policy scored on the private benchmark; kept per round for the longitudinal table. */
export const benchmarkResult = z.strictObject({
  id: z.string().min(1),
  roundId: z.string().optional(),
  roundIndex: z.number().int().nonnegative().optional(),
  /** A readable label of the policy, e.g. `model:qwen3-coder@0.2` or `dagger(simulated-student ε=0.3)`. */
  policyLabel: z.string().min(1),
  policy,
  tasks: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  solveRate: z.number().min(0).max(1),
  meanReward: z.number(),
  hackFlagged: z.number().int().nonnegative(),
  perTask: z.array(
    z.strictObject({ taskId: z.string(), trajectoryId: z.string(), resolved: z.boolean(), reward: z.number() }),
  ),
  evaluatedAt: isoTime,
});

// ── Review ─────────────────────────────────────────────────────────────────────────────────

export const reviewCheck = z.strictObject({
  /** e.g. `tsc`, `eslint`, `ruff`, `pyflakes`, `hack-flags`, `diff-size`, `sensitive-paths`. */
  name: z.string().min(1),
  status: z.enum(["passed", "failed", "skipped"]),
  detail: z.string(),
});

/** The auditor's verdict on one resolved patch, and a human's decision when one was needed. */
export const patchReview = z.strictObject({
  trajectoryId: z.string().min(1),
  taskId: z.string().min(1),
  repo: z.string().min(1),
  verdict: z.enum(["auto-accepted", "needs-sign-off"]),
  /** Why sign-off is needed; empty when auto-accepted. */
  reasons: z.array(z.string()),
  checks: z.array(reviewCheck),
  diff: z.strictObject({ files: z.number().int().nonnegative(), lines: z.number().int().nonnegative() }),
  sensitivePaths: z.array(z.string()),
  decision: z
    .strictObject({ status: z.enum(["accepted", "rejected"]), by: z.string(), note: z.string(), decidedAt: isoTime })
    .optional(),
  reviewedAt: isoTime,
});

// ── Runs ───────────────────────────────────────────────────────────────────────────────────

export const repoRecord = z.strictObject({
  /** `owner/name`, the id tasks refer to. */
  name: z.string().min(1),
  /** Where the repository came from: a local path or a clone URL. */
  source: z.string().min(1),
  language: z.string().optional(),
  addedAt: isoTime,
});

export const run = z.strictObject({
  id: z.string().min(1),
  createdAt: isoTime,
  kaizenVersion: z.string(),
  command: z.string(),
  /** False when repository code ran without the sandbox. */
  sandboxed: z.boolean(),
  notes: z.array(z.string()).default([]),
});

export const round = z.strictObject({
  id: z.string().min(1),
  runId: z.string().min(1),
  index: z.number().int().nonnegative(),
  status: z.enum(["running", "finished", "failed"]),
  /** The repositories the round works on (local paths or names in the store). */
  repos: z.array(z.string()).default([]),
  /** Each stage of the round as it ran; a resumed round skips the stages marked done. */
  stages: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        status: z.enum(["running", "done", "failed"]),
        startedAt: isoTime,
        finishedAt: isoTime.optional(),
        /** What the stage produced, for the round summary and the report. */
        result: z.record(z.string(), z.unknown()).default({}),
        error: z.string().optional(),
      }),
    )
    .default([]),
  startedAt: isoTime,
  finishedAt: isoTime.optional(),
  summary: z.record(z.string(), z.unknown()).default({}),
});

export type CommitSha = z.infer<typeof commitSha>;
export type ArtifactRef = z.infer<typeof artifactRef>;
export type ProvenanceTier = z.infer<typeof provenanceTier>;
export type ProvenanceSource = z.infer<typeof provenanceSource>;
export type Provenance = z.infer<typeof provenance>;
export type TaskOrigin = z.infer<typeof taskOrigin>;
export type SymbolChange = z.infer<typeof symbolChange>;
export type TestStatus = z.infer<typeof testStatus>;
export type Task = z.infer<typeof task>;
export type Candidate = z.infer<typeof candidate>;
export type ValidationGate = z.infer<typeof validationGate>;
export type ValidationRun = z.infer<typeof validationRun>;
export type ToolCall = z.infer<typeof toolCall>;
export type Observation = z.infer<typeof observation>;
export type Step = z.infer<typeof step>;
export type StepEvent = z.infer<typeof stepEvent>;
export type RolloutSettings = z.infer<typeof rolloutSettings>;
export type Actor = z.infer<typeof actor>;
export type PolicyKind = z.infer<typeof policyKind>;
export type Policy = z.infer<typeof policy>;
export type ExitReason = z.infer<typeof exitReason>;
export type Trajectory = z.infer<typeof trajectory>;
export type HackFlag = z.infer<typeof hackFlag>;
export type Score = z.infer<typeof score>;
export type SkillCard = z.infer<typeof skillCard>;
export type ExclusionReason = z.infer<typeof exclusionReason>;
export type TaskSplit = z.infer<typeof taskSplit>;
export type CurationDecision = z.infer<typeof curationDecision>;
export type RepoRecord = z.infer<typeof repoRecord>;
export type Run = z.infer<typeof run>;
export type Round = z.infer<typeof round>;
export type RoundStage = Round["stages"][number];
export type SplitSide = z.infer<typeof splitSide>;
export type BenchmarkResult = z.infer<typeof benchmarkResult>;
export type ReviewCheck = z.infer<typeof reviewCheck>;
export type PatchReview = z.infer<typeof patchReview>;
