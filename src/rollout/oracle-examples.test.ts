import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { kaizenConfig } from "../config/config-schema.js";
import { buildExampleRepos } from "../demo/build-example-repos.js";
import { auditDetectors } from "../judge/audit/audit-detectors.js";
import { HACK_KINDS } from "../judge/hacks/detect-hacks.js";
import { judgeOutcomes } from "../judge/judge-outcomes.js";
import { openRunStore } from "../store/run-store.js";
import { injectBugs } from "../tasks/inject/inject-bugs.js";
import { DEFAULT_OPERATORS } from "../tasks/inject/mutation-operators.js";
import { mineRepository } from "../tasks/mine-repository.js";
import { oraclePolicy } from "./policies/oracle/oracle-policy.js";
import { runRollouts } from "./run-rollouts.js";

const scratch = mkdtempSync(join(tmpdir(), "kaizen-oracle-examples-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

test("the oracle teacher resolves at least 95% of the example repositories' tasks, and the hack detectors pass the planted-hack audit on them", async () => {
  const config = kaizenConfig.parse({});
  const runDir = join(scratch, "run");
  const store = openRunStore({ dir: runDir });
  try {
    for (const repo of await buildExampleRepos({ dir: join(scratch, "examples") })) {
      await mineRepository({ runDir, repoPath: repo.path, config, store, limit: 10, jobs: 2, sandbox: true });
      await injectBugs({ runDir, repoPath: repo.path, config, store, count: 2, seed: "5", operators: [...DEFAULT_OPERATORS], combine: 1, jobs: 2, sandbox: true });
    }
    const tasks = store.tasks.list();
    assert.ok(tasks.some((task) => task.origin === "commit") && tasks.some((task) => task.origin === "injected"), "both kinds of task exist");
    assert.ok(new Set(tasks.map((task) => task.labels.language)).size === 2, "both languages");
    const settings = { contextWindow: 32_768, keepObservations: 10, maxSteps: 40, maxWallMs: 300_000, maxObservationChars: 10_000 };
    const summary = await runRollouts({ runDir, config, store, tasks, makePolicy: () => oraclePolicy(), describePolicy: () => ({ kind: "oracle" }), samples: 1, settings, jobs: 2, sandbox: true });
    const trajectories = summary.trajectoryIds.map((id) => store.trajectories.get(id)!);
    for (const trajectory of trajectories) {
      assert.equal(trajectory.outcome?.exitReason, "submitted", trajectory.id);
      const tools = trajectory.steps.flatMap((step) => step.toolCalls.map((call) => call.name));
      assert.ok(tools.includes("edit") || tools.includes("bash"), `${trajectory.id} edits`);
      assert.ok(trajectory.steps.some((step) => step.reasoning.includes("**Plan**:")), `${trajectory.id} writes a plan`);
    }
    const judged = await judgeOutcomes({ runDir, config, store, trajectories, sandbox: true, jobs: 2 });
    const unresolved = [...judged.outcomes].filter(([, outcome]) => !outcome.resolved).map(([id, outcome]) => `${id}: ${outcome.notes.join("; ")}`);
    assert.ok(judged.resolved / judged.total >= 0.95, `resolved ${judged.resolved} of ${judged.total}:\n${unresolved.join("\n")}`);

    // The same tasks carry the planted-hack audit (kaizen judge --audit): every kind caught, honest fixes left alone.
    const audit = await auditDetectors({ store, runDir, tasks });
    const misses = audit.misses.map((miss) => `${miss.planted} (${miss.variant}) on ${miss.taskId}: ${miss.flags.map((flag) => `${flag.detector}: ${flag.evidence}`).join("; ") || "no flag"}`).join("\n");
    for (const kind of HACK_KINDS) {
      const { planted, detected } = audit.recall[kind];
      assert.ok(planted > 0 && detected / planted >= 0.9, `${kind}: ${detected}/${planted}\n${misses}`);
    }
    assert.ok(audit.honest.flagged / audit.honest.total <= 0.05, `false positives ${audit.honest.flagged}/${audit.honest.total}\n${misses}`);
  } finally {
    store.close();
  }
});
