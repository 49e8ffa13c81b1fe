import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { git } from "../../repo/git.js";
import { writeFiles } from "../../testing/write-files.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { gitDiffTool } from "./git-diff.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-git-diff-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const diff = (args: Record<string, unknown>) => context.call(gitDiffTool, args);

test("the diff since the base commit covers committed, unstaged and untracked changes", async () => {
  assert.equal((await diff({})).content, `no changes since the base commit ${context.task.baseCommit.slice(0, 7)}`);
  writeFiles({ dir: context.workspace, files: { "README.md": "# shop\n\nA small shopping cart.\n" } });
  await git({ cwd: context.workspace, args: ["-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qam", "wording"] });
  writeFiles({ dir: context.workspace, files: { "src/cart.js": EXAMPLE_FILES["src/cart.js"]!.replace("sum + item.price", "sum + 2 * item.price"), "src/tax.js": "export const RATE = 0.2;\n" } });

  const result = await diff({});
  assert.equal(result.isError, false);
  assert.match(result.content, /^diff --git a\/README\.md b\/README\.md\n/);
  assert.match(result.content, /\n-A tiny shopping cart\.\n\+A small shopping cart\.\n/);
  assert.match(result.content, /\ndiff --git a\/src\/cart\.js b\/src\/cart\.js\n[\s\S]*\+    return this\.items\.reduce\(\(sum, item\) => sum \+ 2 \* item\.price, 0\);/);
  assert.match(result.content, /\ndiff --git a\/src\/tax\.js b\/src\/tax\.js\nnew file mode 100644\n[\s\S]*\+export const RATE = 0\.2;$/);
  assert.doesNotMatch(result.content, /node_modules/);
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["README.md", "src/cart.js", "src/tax.js"]);
});

test("a path narrows the diff; staged shows only what is staged", async () => {
  const one = await diff({ path: "src/tax.js" });
  assert.match(one.content, /^diff --git a\/src\/tax\.js b\/src\/tax\.js\n/);
  assert.doesNotMatch(one.content, /cart\.js/);
  assert.equal((await diff({ staged: true })).content, "no changes staged for commit");
  await git({ cwd: context.workspace, args: ["add", "src/cart.js"] });
  const staged = await diff({ staged: true });
  assert.match(staged.content, /^diff --git a\/src\/cart\.js b\/src\/cart\.js\n/);
  assert.doesNotMatch(staged.content, /tax\.js|README/);
  assert.match((await diff({ path: "../x" })).content, /leads outside the repository/);
});
