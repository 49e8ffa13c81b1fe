import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { gitStatusTool } from "./git-status.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-git-status-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a clean workspace says so; changes are listed without the dependency link", async () => {
  assert.equal((await context.call(gitStatusTool, {})).content, "no changes: the working tree matches the last commit");
  writeFiles({ dir: context.workspace, files: { "src/cart.js": "export {};\n", "src/new/tax.js": "export {};\n" } });
  rmSync(join(context.workspace, "README.md"));
  const result = await context.call(gitStatusTool, {});
  assert.equal(result.content, "3 changed paths (M modified, A added, D deleted, ?? untracked):\n D README.md\n M src/cart.js\n?? src/new/tax.js");
});
