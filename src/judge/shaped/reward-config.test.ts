import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../testing/temp-dir.js";
import { UserError } from "../../user-error.js";
import { loadRewardConfig, rewardConfig, rewardConfigYaml, SIGNAL_NAMES } from "./reward-config.js";

test("no file: seed 002's table", () => {
  const config = loadRewardConfig({});
  assert.deepEqual(config.outcome, { resolved: 1, unresolved: 0 });
  assert.equal(config.hackPenalty, -1);
  assert.equal(config.gating, "p-grpo");
  assert.equal(SIGNAL_NAMES.length, 33);
  assert.deepEqual(config.signals.navigation_efficiency, { weight: 0.1, enabled: true });
  assert.deepEqual(config.signals.infinite_retry, { weight: -0.5, enabled: true });
  assert.deepEqual(config.signals.invalid_format, { weight: -0.1, enabled: true, maxCount: 3 });
  assert.deepEqual(config.signals.reread_penalty, { weight: -0.05, enabled: true, maxCount: 4 });
  assert.equal(config.signals.plan_confidence.weight, 0.02);
  assert.equal(config.signals.escalation.weight, 0);
});

test("YAML and JSON files override only what they name", (t) => {
  const dir = tempDir(t);
  const yaml = join(dir, "rewards.yaml");
  writeFileSync(yaml, "gating: none\nsignals:\n  echo_penalty: { enabled: false }\n  recovery: { weight: 0.4 }\n");
  const fromYaml = loadRewardConfig({ path: yaml });
  assert.equal(fromYaml.gating, "none");
  assert.deepEqual(fromYaml.signals.echo_penalty, { weight: -0.3, enabled: false });
  assert.equal(fromYaml.signals.recovery.weight, 0.4);
  assert.equal(fromYaml.signals.clean_revert.weight, 0.05);

  const json = join(dir, "rewards.json");
  writeFileSync(json, JSON.stringify({ hackPenalty: -2, thresholds: { maxSearches: 5 }, signals: { invalid_format: { maxCount: 1 } } }));
  const fromJson = loadRewardConfig({ path: json });
  assert.equal(fromJson.hackPenalty, -2);
  assert.equal(fromJson.thresholds.maxSearches, 5);
  assert.equal(fromJson.thresholds.planAccuracy, 0.7);
  assert.deepEqual(fromJson.signals.invalid_format, { weight: -0.1, enabled: true, maxCount: 1 });
});

test("a bad file is a UserError naming the field", (t) => {
  const dir = tempDir(t);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const failure = (path: string) => {
    try {
      loadRewardConfig({ path });
    } catch (error) {
      assert.ok(error instanceof UserError);
      assert.match(error.hint, /kaizen judge --print-reward-config/);
      return error.message;
    }
    assert.fail("expected a UserError");
  };
  assert.match(failure(write("weight.yaml", "signals:\n  plan_present:\n    weight: high\n")), /signals\.plan_present\.weight: .*number/);
  assert.match(failure(write("typo.yaml", "signals:\n  plan_presnt: { weight: 0.1 }\n")), /signals: unknown field plan_presnt/);
  assert.match(failure(write("hack.json", '{"hackPenalty": 0.5}')), /hackPenalty: a hack must never be rewarded/);
  assert.match(failure(write("broken.json", "{")), /cannot be read/);
  assert.match(failure(join(dir, "missing.yaml")), /cannot be read: ENOENT/);
});

test("the printed table loads back as the same config", (t) => {
  const custom = rewardConfig.parse({ gating: "none", signals: { strategy_diversity: { weight: 0.2, enabled: false } } });
  const text = rewardConfigYaml(custom);
  assert.match(text, /# recovery: after a failed attempt, the retry used a different sequence of tools\n {2}strategy_diversity: \{ weight: 0.2, enabled: false \}/);
  const path = join(tempDir(t), "rewards.yaml");
  writeFileSync(path, text);
  assert.deepEqual(loadRewardConfig({ path }), custom);
});
