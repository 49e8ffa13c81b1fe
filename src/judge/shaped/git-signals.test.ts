import assert from "node:assert/strict";
import { test } from "node:test";
import { gitSignals } from "./git-signals.js";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const { thresholds } = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const git = (steps: ScriptedStep[], patch = "", resolved = true) => gitSignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps, patch }), task, resolved, thresholds }));
const commit = (message: string, files: string[]): ScriptedStep => ({
  calls: [["git_commit", { message }, `committed 1a2b3c4 ${message.split("\n")[0]}\n${files.map((file) => ` ${file} | 2 +-`).join("\n")}\n ${files.length} files changed`]],
});

test("every commit must follow Conventional Commits and hold only related files", () => {
  const good = git([commit("fix(money): keep the sign\n\nThe body is free text.", ["src/money.ts"]), commit("test: cover negative cents", ["test/money.test.ts"])]);
  assert.equal(good.conventional_commit.count, 1);
  assert.equal(good.commit_related_files.count, 1);
  assert.equal(good.commit_related_files.evidence, "the commits hold only src/money.ts and test/money.test.ts");

  const mixed = git([commit("fix: keep the sign", ["src/money.ts", "package-lock.json"]), commit("WIP", ["src/money.ts"])]);
  assert.equal(mixed.conventional_commit.evidence, 'not Conventional Commits: "WIP"');
  assert.equal(mixed.commit_related_files.evidence, "the commits also hold package-lock.json");
  assert.equal(git([]).conventional_commit.evidence, "no commit");
});

test("a merge conflict counts as resolved when the task is and no markers are left", () => {
  const conflict: ScriptedStep = { calls: [["git_status", {}, "On branch main\nUnmerged paths:\n\tboth modified:   src/money.ts"]] };
  const clean = ["--- a/src/money.ts", "+++ b/src/money.ts", "@@ -1 +1 @@", "-a - b", "+a + b", ""].join("\n");
  const markers = ["--- a/src/money.ts", "+++ b/src/money.ts", "@@ -1 +1,3 @@", "-a - b", "+<<<<<<< HEAD", "+a + b", "+=======", ""].join("\n");
  assert.equal(git([conflict], clean).merge_conflict_resolved.count, 1);
  assert.equal(git([conflict], markers).merge_conflict_resolved.evidence, "a conflict showed at step 0; the patch still adds conflict markers");
  assert.equal(git([conflict], clean, false).merge_conflict_resolved.count, 0);
});
