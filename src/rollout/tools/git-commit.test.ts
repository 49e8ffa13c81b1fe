import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { git } from "../../repo/git.js";
import { writeFiles } from "../../testing/write-files.js";
import { gitCommitTool } from "./git-commit.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-git-commit-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("every change is committed as the kaizen agent, never the dependency link", async () => {
  writeFiles({ dir: context.workspace, files: { "src/tax.js": "export const RATE = 0.2;\n", "README.md": "# shop\n" } });
  rmSync(join(context.workspace, "test/cart.test.js"));
  const result = await context.call(gitCommitTool, { message: "Add tax rate" });
  assert.equal(result.isError, false, result.content);
  assert.match(result.content, /^committed [0-9a-f]{7,} Add tax rate\n/);
  assert.match(result.content, /3 files changed/);
  const author = (await git({ cwd: context.workspace, args: ["log", "-1", "--format=%an <%ae>|%cn"] })).trim();
  assert.equal(author, "kaizen agent <agent@kaizen.invalid>|kaizen agent");
  const files = (await git({ cwd: context.workspace, args: ["ls-files"] })).split("\n");
  assert.ok(files.includes("src/tax.js"));
  assert.ok(!files.includes("test/cart.test.js"));
  assert.ok(!files.some((file) => file.startsWith("node_modules")));
});

test("nothing to commit and an empty message are refused", async () => {
  const nothing = await context.call(gitCommitTool, { message: "again" });
  assert.deepEqual([nothing.isError, nothing.content], [true, "nothing to commit: there are no changes since the last commit"]);
  const empty = await context.call(gitCommitTool, { message: "  " });
  assert.equal(empty.isError, true);
  assert.match(empty.content, /message: a commit message is required/);
});
