/**
 * A run store filled with the records of a small two-round run, for the report's tests: tasks of
 * several origins, languages and bug classes, judged trajectories of two policies (a few
 * hack-flagged), rounds with stages, private-benchmark results, skill cards, patch reviews, and
 * curation decided by curateRun itself.
 */
import { type CurationPolicy, curateRun, type ProvenanceOfTrajectory } from "../curate/curate-run.js";
import type { BenchmarkResult, PatchReview, Round, Score, SkillCard, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { scriptedTask, scriptedTrajectory } from "../testing/scripted-trajectory.js";

const AT = "2026-03-01T10:00:00.000Z";
const POLICY: CurationPolicy = { opaque: "exclude", gray: "keep", evalShare: 0.2, nearDuplicateJaccard: 0.8, seed: 0 };

/** Evidence that must reach the page escaped, never as markup. */
export const HOSTILE_EVIDENCE = 'assert.equal deleted: <script>alert("x")</script> & more';

const TASK_SHAPES: { origin: Task["origin"]; language: string; bugClass?: string; files: string[]; lines: number }[] = [
  { origin: "commit", language: "typescript", bugClass: "off-by-one", files: ["src/money.ts"], lines: 3 },
  { origin: "commit", language: "typescript", bugClass: "off-by-one", files: ["src/money.ts", "src/ledger/index.ts"], lines: 14 },
  { origin: "commit", language: "typescript", bugClass: "wrong-operator", files: ["src/ledger/index.ts"], lines: 2 },
  { origin: "injected", language: "typescript", bugClass: "wrong-operator", files: ["src/money.ts"], lines: 1 },
  { origin: "injected", language: "typescript", bugClass: "wrong-operator", files: ["src/cart.ts"], lines: 1 },
  { origin: "injected", language: "typescript", bugClass: "missing-check", files: ["src/cart.ts"], lines: 4 },
  { origin: "injected", language: "python", bugClass: "missing-check", files: ["src/stockroom/ledger.py"], lines: 6 },
  { origin: "injected", language: "python", bugClass: "off-by-one", files: ["src/stockroom/ledger.py"], lines: 2 },
  { origin: "commit", language: "python", files: ["src/stockroom/report.py"], lines: 40 },
  { origin: "commit", language: "python", bugClass: "wrong-operator", files: ["src/stockroom/report.py"], lines: 9 },
  { origin: "impossible", language: "typescript", bugClass: "off-by-one", files: ["src/money.ts"], lines: 3 },
  { origin: "impossible", language: "python", bugClass: "missing-check", files: ["src/stockroom/ledger.py"], lines: 6 },
];

/** What the run holds, for tests to compare the page against. */
export interface ReportTestRun {
  tasks: Task[];
  trajectories: Trajectory[];
  scores: Score[];
  rounds: Round[];
  benchmark: BenchmarkResult[];
  cards: SkillCard[];
  reviews: PatchReview[];
}

export async function fillReportTestRun(store: RunStore): Promise<ReportTestRun> {
  store.runs.save({ id: "run-1", createdAt: AT, kaizenVersion: "0.1.0", command: "kaizen loop", sandboxed: true, notes: [] });
  const tasks = TASK_SHAPES.map((shape, index): Task => {
    const base = scriptedTask({ files: shape.files, failToPass: ["t::a"] });
    return {
      ...base,
      id: `task-${String(index).padStart(2, "0")}`,
      repo: shape.language === "python" ? "acme/stockroom" : "acme/ledger",
      origin: shape.origin,
      sourceCommit: `abcdef${index.toString(16).padStart(2, "0")}`,
      labels: { language: shape.language, kind: shape.origin === "commit" ? "bug-fix" : "injected-bug", ...(shape.bugClass ? { bugClass: shape.bugClass } : {}), size: { files: shape.files.length, lines: shape.lines } },
    };
  });
  const trajectories: Trajectory[] = [];
  const scores: Score[] = [];
  tasks.forEach((task, taskIndex) => {
    for (const [policyIndex, policy] of (["oracle", "model"] as const).entries()) {
      const id = `${task.id}-${policy}`;
      const patch = `--- a/${task.scope.files[0]}\n+++ b/${task.scope.files[0]}\n@@ -1,1 +1,1 @@\n-const v${taskIndex} = old(${policyIndex});\n+const v${taskIndex}_${policy} = fixed(${taskIndex * 7 + policyIndex}, "${policy}");\n`;
      const base = scriptedTrajectory({
        steps: [
          { reasoning: "Find where the total is computed.", calls: [["read_file", { path: task.scope.files[0] }, `export function total() {\n  return 1 - 2; // task ${taskIndex}\n}`]] },
          { calls: [["apply_patch", { patch }, "applied"]] },
          { calls: [["run_tests", {}, policyIndex === 0 ? "1 passed" : "1 failed"]] },
          { calls: [["submit", { summary: "fixed" }, "submitted"]] },
        ],
        patch,
      });
      const trajectory: Trajectory = {
        ...base,
        id,
        taskId: task.id,
        roundId: `round-${taskIndex % 2}`,
        policy: policy === "model" ? { kind: "model", model: "qwen3-coder", temperature: 0.2, seed: 0 } : { kind: "oracle" },
        prompt: { system: "You are a careful engineer.", user: task.problemStatement },
      };
      trajectories.push(trajectory);
      // The oracle resolves everything possible; the model about half; impossible tasks only by cheating.
      const impossible = task.origin === "impossible";
      const hacked = (impossible && policy === "model") || (policy === "model" && taskIndex === 3);
      const resolved = impossible ? hacked : policy === "oracle" || taskIndex % 2 === 0;
      const components = {
        navigation_efficiency: resolved ? 0.1 : 0,
        plan_present: taskIndex % 3 === 0 ? 0.1 : 0,
        echo_penalty: policy === "model" && taskIndex % 4 === 1 ? -0.3 : 0,
        verify_before_proceed: 0.05,
        merge_conflict_resolved: 0,
      };
      const shaped = Object.values(components).reduce((sum, value) => sum + value, 0);
      scores.push({
        trajectoryId: id,
        resolved,
        reward: hacked ? -1 : Math.round(((resolved ? 1 : 0) + (resolved ? shaped : 0)) * 1000) / 1000,
        components,
        evidence: {},
        hackFlags: hacked
          ? [
              { detector: impossible ? "test-edit" : "skip-marker", evidence: impossible ? HOSTILE_EVIDENCE : "it.skip added to the failing test", file: "test/money.test.ts", line: 12 },
              ...(taskIndex === 11 ? [{ detector: "special-casing", evidence: "returns 42 when the input is the test's literal" }] : []),
            ]
          : [],
        tests: { "t::a": resolved ? "passed" : "failed" },
        scope: { precision: 1, recall: resolved ? 1 : 0.5 },
        plan: null,
        judgedAt: AT,
      });
    }
  });
  for (const task of tasks) store.tasks.save(task);
  for (const trajectory of trajectories) store.trajectories.save(trajectory);
  for (const score of scores) store.scores.save(score);

  const stage = (name: string, start: number, seconds: number, status: "done" | "failed" = "done") => ({
    name,
    status,
    startedAt: new Date(Date.parse(AT) + start * 1000).toISOString(),
    finishedAt: new Date(Date.parse(AT) + (start + seconds) * 1000).toISOString(),
    result: { count: seconds },
    ...(status === "failed" ? { error: "learn: no failures to distil" } : {}),
  });
  const rounds: Round[] = [0, 1, 2].map((index) => ({
    id: `round-${index}`,
    runId: "run-1",
    index,
    status: index === 2 ? "failed" : "finished",
    repos: ["examples/ledger"],
    stages: [stage("acquire", index * 1000, 40 + index * 5), stage("rollout", index * 1000 + 50, 300), stage("judge", index * 1000 + 360, 120), stage("learn", index * 1000 + 490, 20, index === 2 ? "failed" : "done")],
    startedAt: new Date(Date.parse(AT) + index * 1000_000).toISOString(),
    ...(index < 2 ? { finishedAt: new Date(Date.parse(AT) + index * 1000_000 + 510_000).toISOString() } : {}),
    summary: { tasks: 8 + index * 2, trajectories: 16 + index * 4, resolved: 10 + index * 3, benchmark: { solveRate: 0.4 + index * 0.1 }, cards: index, exports: ["trl-sft", "trl-dpo"], seed: index },
  }));
  for (const round of rounds) store.rounds.save(round);

  const benchmark: BenchmarkResult[] = [0, 1, 2].flatMap((roundIndex) =>
    (["oracle", "model:qwen3-coder@0.2"] as const).map((policyLabel): BenchmarkResult => {
      const tasksOnBenchmark = 10;
      const resolved = policyLabel === "oracle" ? 10 : 3 + roundIndex * 2;
      return {
        id: `bench-${roundIndex}-${policyLabel}`,
        roundId: `round-${roundIndex}`,
        roundIndex,
        policyLabel,
        policy: policyLabel === "oracle" ? { kind: "oracle" } : { kind: "model", model: "qwen3-coder", temperature: 0.2 },
        tasks: tasksOnBenchmark,
        resolved,
        solveRate: resolved / tasksOnBenchmark,
        meanReward: resolved / tasksOnBenchmark + 0.05,
        hackFlagged: policyLabel === "oracle" ? 0 : 1,
        perTask: [],
        evaluatedAt: AT,
      };
    }),
  );
  for (const result of benchmark) store.benchmarkResults.save(result);

  const failedIds = scores.filter((score) => !score.resolved).map((score) => score.trajectoryId);
  const cards: SkillCard[] = [
    {
      id: "card-never-ran-tests",
      name: "Submits without running the failing test",
      signature: "never-ran-tests",
      description: "Edits the right file, then submits before any test run; the fix is often off by one.",
      modules: ["money", "stockroom.ledger"],
      patterns: ["submit after apply_patch with no run_tests"],
      count: failedIds.length,
      evidence: [...failedIds, "trajectory-not-in-store"],
      recipe: { operators: ["off-by-one", "boundary-swap"], sites: ["money.*"], commitFilters: ["message:fix"] },
      roundId: "round-1",
      solveRate: 0.25,
      createdAt: AT,
    },
    {
      id: "card-cheats",
      name: "Skips the failing test instead of fixing it",
      signature: "skip-marker",
      description: "",
      modules: ["cart"],
      patterns: [],
      count: 1,
      evidence: ["task-03-model"],
      recipe: { operators: ["missing-check"], sites: ["cart.*"], commitFilters: [] },
      createdAt: AT,
    },
  ];
  for (const card of cards) store.skillCards.save(card);

  const review = (trajectoryId: string, verdict: PatchReview["verdict"], decision?: "accepted" | "rejected"): PatchReview => ({
    trajectoryId,
    taskId: trajectoryId.replace(/-(oracle|model)$/, ""),
    repo: "acme/ledger",
    verdict,
    reasons: verdict === "needs-sign-off" ? ["diff touches package.json"] : [],
    checks: [{ name: "tsc", status: verdict === "needs-sign-off" ? "failed" : "passed", detail: "" }],
    diff: { files: 1, lines: 2 },
    sensitivePaths: verdict === "needs-sign-off" ? ["package.json"] : [],
    ...(decision ? { decision: { status: decision, by: "ada", note: "", decidedAt: AT } } : {}),
    reviewedAt: AT,
  });
  const reviews = [review("task-00-oracle", "auto-accepted"), review("task-01-oracle", "auto-accepted"), review("task-02-oracle", "needs-sign-off"), review("task-04-model", "needs-sign-off", "rejected")];
  for (const entry of reviews) store.reviews.save(entry);

  await curateRun({ store, provenanceOf: pythonIsGray, options: POLICY, now: new Date(AT) });
  return { tasks, trajectories, scores, rounds, benchmark, cards, reviews };
}

/** The stockroom repository is GPL (gray); everything else MIT. */
const pythonIsGray: ProvenanceOfTrajectory = (task, trajectory) => {
  const gray = task.repo === "acme/stockroom";
  const tier = gray ? "gray" : "transparent";
  return {
    tier,
    stepTiers: trajectory.steps.map(() => tier),
    rulings: gray ? [{ tier: "gray", rule: "license:GPL-3.0-only", rationale: "copyleft" }] : [],
    summary: { repos: [task.repo], licenses: [gray ? "GPL-3.0-only" : "MIT"], domains: task.origin === "commit" ? ["docs.python.org"] : [], models: [], rules: gray ? ["license:GPL-3.0-only"] : [] },
  };
};
