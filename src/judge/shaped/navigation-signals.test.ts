import assert from "node:assert/strict";
import { test } from "node:test";
import { navigationSignals } from "./navigation-signals.js";
import { rewardConfig } from "./reward-config.js";
import { scriptedTask, scriptedTrajectory, type ScriptedStep } from "../../testing/scripted-trajectory.js";
import { trajectoryFacts } from "./trajectory-facts.js";

const { thresholds } = rewardConfig.parse({});
const task = scriptedTask({ files: ["src/money.ts"] });
const navigation = (steps: ScriptedStep[]) => navigationSignals(trajectoryFacts({ trajectory: scriptedTrajectory({ steps }), task, resolved: true, thresholds }));
const search = (query: string): ScriptedStep => ({ calls: [["repo_search", { query }, `1 matching line in 1 file:\nsrc/money.ts:3: ${query}`]] });

test("a search repeated after an edit checks the edit; repeated on unchanged files it is waste", () => {
  const checked = navigation([search("cents -"), { calls: [["edit", { path: "src/money.ts", old_string: "cents -", new_string: "cents +" }, "edited"]] }, search("cents -")]);
  assert.equal(checked.redundant_search.count, 0);
  assert.equal(checked.navigation_efficiency.evidence, "step 1 edited src/money.ts after 1 search (within the 3 allowed)");
  const wasted = navigation([search("cents"), search("money"), search("cents")]);
  assert.equal(wasted.redundant_search.count, 1);
  assert.equal(wasted.navigation_efficiency.evidence, "no file of the fix (src/money.ts) was read or edited");
});

test("exploring after the first search is not strategic; a failed read finds nothing", () => {
  const late = navigation([search("cents"), { calls: [["repo_tree", {}, "acme/ledger (1 file)"]] }, { calls: [["read_file", { path: "src/money.ts" }, "src/money.ts does not exist", { error: true }]] }]);
  assert.equal(late.strategic_exploration.evidence, "the first search (step 0) came before repo_tree (step 1)");
  assert.equal(late.targeted_read.evidence, "no file of the fix (src/money.ts) was read");
});
