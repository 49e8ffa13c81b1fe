import assert from "node:assert/strict";
import { test } from "node:test";
import type { BenchmarkResult } from "../schema/records.js";
import { formatLongitudinalTable, longitudinalRows } from "./longitudinal-table.js";

function result(roundIndex: number, policyLabel: string, resolved: number, tasks: number, meanReward: number): BenchmarkResult {
  return {
    id: `benchmark:round-${roundIndex}:${policyLabel}`,
    roundIndex,
    policyLabel,
    policy: { kind: "model", model: policyLabel },
    tasks,
    resolved,
    solveRate: resolved / tasks,
    meanReward,
    hackFlagged: 0,
    perTask: [],
    evaluatedAt: `2026-06-0${roundIndex}T00:00:00.000Z`,
  };
}

test("rows in round order, each policy's change against its own previous scored round", () => {
  // Stored out of order; policy b skipped round 2.
  const rows = longitudinalRows([result(3, "b", 3, 4, 0.6), result(2, "a", 2, 4, 0.4), result(1, "b", 1, 4, 0.1), result(1, "a", 1, 4, 0.2)]);
  assert.deepEqual(
    rows.map((row) => [row.roundIndex, row.policyLabel, row.solveRateDelta, row.meanRewardDelta?.toFixed(2)]),
    [
      [1, "a", undefined, undefined],
      [1, "b", undefined, undefined],
      [2, "a", 0.25, "0.20"],
      [3, "b", 0.5, "0.50"],
    ],
  );
  const printed = formatLongitudinalTable(rows);
  assert.equal(printed.length, 5);
  assert.match(printed[1]!, /^\s*1\s+a\s+1\/4\s+25\.0%\s+—\s+0\.200\s+0$/);
  assert.match(printed[4]!, /^\s*3\s+b\s+3\/4\s+75\.0%\s+\+50\.0 pt\s+0\.600\s+0$/);
  assert.deepEqual(formatLongitudinalTable([]), []);
});
