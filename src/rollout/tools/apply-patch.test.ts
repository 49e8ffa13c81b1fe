import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { applyPatchTool } from "./apply-patch.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-apply-patch-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const apply = (patch: string) => context.call(applyPatchTool, { patch });
const fileText = (path: string) => readFileSync(join(context.workspace, path), "utf8");

test("a git-style diff over several files applies, new files included; hunk counts are recounted", async () => {
  const patch = [
    "diff --git a/src/cart.js b/src/cart.js",
    "--- a/src/cart.js",
    "+++ b/src/cart.js",
    "@@ -10,3 +10,3 @@",
    "   total() {",
    "-    return this.items.reduce((sum, item) => sum + item.price, 0);",
    "+    return this.items.reduce((sum, item) => sum + item.price * 2, 0);",
    "   }",
    "diff --git a/src/tax.js b/src/tax.js",
    "new file mode 100644",
    "--- /dev/null",
    "+++ b/src/tax.js",
    "@@ -0,0 +1,9 @@", // wrong count on purpose: there is one line
    "+export const RATE = 0.2;",
    "",
  ].join("\n");
  const result = await apply(patch);
  assert.equal(result.isError, false, result.content);
  assert.equal(result.content, "applied the patch to 2 files:\n  src/cart.js (+1 −1)\n  src/tax.js (+1 −0)");
  assert.match(fileText("src/cart.js"), /item\.price \* 2/);
  assert.equal(fileText("src/tax.js"), "export const RATE = 0.2;\n");
});

test("a plain diff without a/ b/ prefixes, fenced in Markdown, applies too", async () => {
  const patch = ["```diff", "--- README.md", "+++ README.md", "@@ -1,3 +1,3 @@", " # shop", " ", "-A tiny shopping cart.", "+A small shopping cart.", "```"].join("\n");
  const result = await apply(patch);
  assert.equal(result.isError, false, result.content);
  assert.equal(fileText("README.md"), "# shop\n\nA small shopping cart.\n");
});

test("a patch whose context does not match changes nothing and says what failed", async () => {
  const before = fileText("test/cart.test.js");
  const patch = [
    "--- a/test/cart.test.js",
    "+++ b/test/cart.test.js",
    "@@ -1,2 +1,2 @@",
    ' import assert from "node:assert/strict";',
    '-import { test } from "node:nope";',
    '+import { test, describe } from "node:test";',
    "--- a/package.json",
    "+++ b/package.json",
    "@@ -1,1 +1,1 @@",
    "-{",
    "+{ ",
  ].join("\n");
  const result = await apply(patch);
  assert.equal(result.isError, true);
  assert.match(result.content, /^the patch was not applied \(nothing changed\):\nerror: patch failed: test\/cart\.test\.js:1\n/);
  assert.match(result.content, /Re-read the affected lines with read_file/);
  assert.equal(fileText("test/cart.test.js"), before);
  assert.equal(fileText("package.json"), EXAMPLE_FILES["package.json"]);
});

test("a patch touching .git or leaving the repository is refused before git apply runs", async () => {
  const hooks = ["--- /dev/null", "+++ b/.git/hooks/pre-commit", "@@ -0,0 +1,1 @@", "+#!/bin/sh", ""].join("\n");
  const result = await apply(hooks);
  assert.equal(result.isError, true);
  assert.match(result.content, /^blocked: .*Nothing was applied\.$/s);
  assert.equal(result.events[0]?.kind, "guard-blocked");
  assert.equal(existsSync(join(context.workspace, ".git/hooks/pre-commit")), false);

  const escape = ["--- /dev/null", "+++ b/../outside.txt", "@@ -0,0 +1,1 @@", "+x", ""].join("\n");
  const outside = await apply(escape);
  assert.equal(outside.isError, true);
  assert.equal(existsSync(join(dir, "outside.txt")), false);
});

test("text that is no diff is refused with the expected shape", async () => {
  const result = await apply("please change the total");
  assert.equal(result.content, "no file diffs found in the patch; give a unified diff with --- a/path and +++ b/path headers followed by @@ hunks");
});
