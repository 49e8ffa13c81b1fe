import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { compareWithHarmonyFixtures } from "./compare-with-fixtures.js";

describe("compareWithHarmonyFixtures", () => {
  it("reads fixtures from a checkout and reports matches and mismatches", async () => {
    const repoDir = await mkdtemp(path.join(tmpdir(), "harmony-fixtures-"));
    try {
      await mkdir(path.join(repoDir, "test-data"));
      await writeFile(
        path.join(repoDir, "test-data", "test_simple_convo.txt"),
        "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\n" +
          "Knowledge cutoff: 2024-06\n\nReasoning: medium\n\n" +
          "# Valid channels: analysis, commentary, final. Channel must be included for every message.<|end|>" +
          "<|start|>user<|message|>What is 2 + 2?<|end|><|start|>assistant\n",
      );
      await writeFile(path.join(repoDir, "test-data", "test_no_tools.txt"), "not a rendering");
      const result = await compareWithHarmonyFixtures({ repoDir });
      assert.equal(result.compared, 2);
      assert.equal(result.matched, 1);
      assert.deepEqual(result.mismatches.map((m) => m.name), ["test_no_tools"]);
    } finally {
      await rm(repoDir, { recursive: true, force: true });
    }
  });
});
