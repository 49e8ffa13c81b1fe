import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { git } from "../../repo/git.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { runTestsWithCoverageTool } from "./run-tests-with-coverage.js";

let dir = "";
let node: ToolTestContext;
let python: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-coverage-"));
  node = await openToolTestContext({ dir: join(dir, "node") });
  python = await openToolTestContext({
    dir: join(dir, "python"),
    files: { "pyproject.toml": "[tool.pytest.ini_options]\ntestpaths = ['tests']\n", "shop.py": "def total(xs):\n    return sum(xs)\n", "tests/test_shop.py": "from shop import total\n\ndef test_total():\n    assert total([1, 2]) == 3\n" },
  });
});
after(() => {
  node.store.close();
  python.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("node:test coverage shows the summary and the per-file coverage table, and writes nothing into the repository", async () => {
  const result = await node.call(runTestsWithCoverageTool, {});
  assert.equal(result.isError, false, result.content);
  assert.match(result.content, /^coverage run with node-test \(exit code 0, [\d.]+ s\)\n/);
  assert.match(result.content, /pass 2/);
  assert.match(result.content, /start of coverage report/);
  assert.match(result.content, /cart\.js\s*\|\s*[\d.]+\s*\|/);
  assert.doesNotMatch(result.content, /✔ formats cents/, "per-test lines are left out");
  assert.equal((await git({ cwd: node.workspace, args: ["status", "--porcelain"] })).replace(/^\?\? node_modules\n/m, ""), "");
});

test("without a coverage plugin the call says coverage is unavailable and to use run_tests", async () => {
  const result = await python.call(runTestsWithCoverageTool, {});
  assert.equal(result.isError, true);
  assert.equal(result.content, "coverage is not available for pytest here: pytest-cov is not installed (import pytest_cov failed); use run_tests");
});
