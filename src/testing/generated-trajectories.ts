/**
 * A run store with many realistic trajectories, written straight into SQLite for speed: tasks over
 * a few repositories, K samples per task with varied reads, edits, test runs and outcomes, each
 * with a score. The records come from the schema's own parsers once, then vary by text.
 */
import { score as scoreSchema, step as stepSchema, task as taskSchema, trajectory as trajectorySchema, type Step, type Task, type Trajectory } from "../schema/records.js";
import { openRunStore } from "../store/run-store.js";
import { scriptedTask, scriptedTrajectory } from "./scripted-trajectory.js";

const WORDS = "const let return if else for while function class import export async await new this value result error list map key index count total items config parse format render update check assert expect test describe it should equal throw null undefined true false string number object array length push slice split join trim".split(" ");

/** A small, fast, seeded generator (mulberry32), so every run of the benchmark writes the same store. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function codeLines(next: () => number, lines: number): string {
  const out: string[] = [];
  for (let line = 0; line < lines; line++) {
    const indent = "  ".repeat(Math.floor(next() * 3));
    const words = Array.from({ length: 4 + Math.floor(next() * 8) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    out.push(`${String(line + 1).padStart(4)}│${indent}${words.join(" ")};`);
  }
  return out.join("\n");
}

export interface GenerateOptions {
  dir: string;
  trajectories: number;
  samplesPerTask: number;
  seed?: number;
}

/** Writes `trajectories` finished, scored trajectories (`samplesPerTask` per task) into a store at `dir`. */
export function generateTrajectories({ dir, trajectories, samplesPerTask, seed = 1 }: GenerateOptions): { bytes: number } {
  const store = openRunStore({ dir });
  const next = random(seed);
  const repos = ["bench/ledger", "bench/parser", "bench/http-kit", "bench/geo"];
  const baseTask = taskSchema.parse(scriptedTask({ files: ["src/money.ts"], failToPass: ["test/money.test.ts::adds"] }));
  const base = trajectorySchema.parse(
    scriptedTrajectory({
      steps: [
        { reasoning: "Look at the layout first.", calls: [["repo_tree", { depth: 2 }, "src/\n  money.ts\ntest/\n  money.test.ts"]] },
        { reasoning: "Read the function.", calls: [["read_file", { path: "src/money.ts", start_line: 1, end_line: 40 }, ""]] },
        { reasoning: "Plan:\n1. fix add\n2. run tests", calls: [["edit", { path: "src/money.ts", old_string: "a - b", new_string: "a + b" }, "Edit applied."]] },
        { reasoning: "Run the failing test.", calls: [["run_tests", { files: ["test/money.test.ts"] }, ""]] },
        { reasoning: "Done.", calls: [["submit", {}, "Submitted."]] },
      ],
      patch: "diff --git a/src/money.ts b/src/money.ts\n--- a/src/money.ts\n+++ b/src/money.ts\n@@ -1 +1 @@\n-a - b\n+a + b\n",
    }),
  );
  const insertTask = store.db.prepare("INSERT OR REPLACE INTO tasks (id, repo, origin, created_at, data) VALUES (?, ?, ?, ?, ?)");
  const insertTrajectory = store.db.prepare("INSERT OR REPLACE INTO trajectories (id, task_id, round_id, policy_kind, finished, data) VALUES (?, ?, NULL, ?, 1, ?)");
  const insertStep = store.db.prepare("INSERT OR REPLACE INTO steps (trajectory_id, idx, data) VALUES (?, ?, ?)");
  const insertScore = store.db.prepare("INSERT OR REPLACE INTO scores (trajectory_id, resolved, reward, hacked, data) VALUES (?, ?, ?, ?, ?)");
  let bytes = 0;
  const tasks = Math.ceil(trajectories / samplesPerTask);
  const writeBatch = store.db.transaction((from: number, to: number) => {
    for (let taskIndex = from; taskIndex < to; taskIndex++) {
      const repo = repos[taskIndex % repos.length]!;
      const task: Task = { ...baseTask, id: `${repo.split("/")[1]}-${taskIndex}`, repo, problemStatement: `Task ${taskIndex}: ${codeLines(next, 3)}`, scope: { files: [`src/module-${taskIndex % 50}.ts`], symbols: [] } };
      insertTask.run(task.id, task.repo, task.origin, task.createdAt, JSON.stringify(task));
      for (let sample = 0; sample < samplesPerTask && taskIndex * samplesPerTask + sample < trajectories; sample++) {
        const id = `${task.id}~model~t0.7~s${sample}`;
        // One trajectory in a hundred reads a file with no licence, which the default policy makes opaque.
        const license = next() < 0.01 ? undefined : "MIT";
        const source = { kind: "repo-file" as const, repo, path: task.scope.files[0]!, commit: task.baseCommit, ...(license ? { license } : {}) };
        // Each sample makes its own edit, so no two trajectories are copies of each other.
        const before = codeLines(next, 1).slice(5);
        const after = codeLines(next, 1).slice(5);
        const path = task.scope.files[0]!;
        const steps: Step[] = base.steps.map((step) => ({
          ...step,
          toolCalls: step.toolCalls.map((call) =>
            call.name === "edit" ? { ...call, arguments: { path, old_string: before, new_string: after } } : call.name === "read_file" ? { ...call, arguments: { ...call.arguments, path } } : call,
          ),
          reasoning: `${step.reasoning} ${codeLines(next, 1)}`,
          observations: step.observations.map((observation) => ({
            ...observation,
            content: observation.content || codeLines(next, 10 + Math.floor(next() * 30)),
            sources: observation.tool === "read_file" ? [source] : [],
          })),
          provenance: { tier: license ? "transparent" : "opaque", sources: step.observations.some((observation) => observation.tool === "read_file") ? [source] : [] },
        }));
        // Every fourth sample is a DAgger mix whose every state carries the teacher's label.
        const dagger = sample % 4 === 3;
        if (dagger) for (const step of steps) step.teacherLabel = { reasoning: step.reasoning, toolCalls: step.toolCalls };
        const resolved = next() < 0.5;
        const patch = `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-${before}\n+${after}\n`;
        const trajectory: Trajectory = { ...base, outcome: { ...base.outcome!, patch }, id, taskId: task.id, policy: dagger ? { kind: "dagger", model: "bench-student", teacher: "oracle", beta: 0.5, sample } : { kind: "model", model: "bench-model", temperature: 0.7, sample }, steps: [], prompt: { system: "You are a coding agent.", user: task.problemStatement } };
        const header = JSON.stringify(trajectory);
        insertTrajectory.run(id, task.id, trajectory.policy.kind, header);
        bytes += header.length;
        for (const step of steps) {
          const data = JSON.stringify(step);
          insertStep.run(id, step.index, data);
          bytes += data.length;
        }
        const score = { trajectoryId: id, resolved, reward: resolved ? 1 + next() : -0.2, components: { outcome: resolved ? 1 : 0 }, evidence: {}, hackFlags: [], tests: {}, scope: null, plan: null, judgedAt: task.createdAt };
        insertScore.run(id, resolved ? 1 : 0, score.reward, 0, JSON.stringify(score));
      }
    }
  });
  // Validate one of each record through the schema, so the fast path writes what the store would.
  stepSchema.parse(base.steps[0]);
  scoreSchema.parse({ trajectoryId: "x", resolved: true, reward: 1, components: {}, evidence: {}, hackFlags: [], tests: {}, scope: null, plan: null, judgedAt: baseTask.createdAt });
  for (let from = 0; from < tasks; from += 500) writeBatch(from, Math.min(tasks, from + 500));
  store.close();
  return { bytes };
}
