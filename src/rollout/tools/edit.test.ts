import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { editTool } from "./edit.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-edit-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const edit = (args: Record<string, unknown>) => context.call(editTool, args);
const fileText = (path: string) => readFileSync(join(context.workspace, path), "utf8");

test("a unique old_string is replaced and the edited region is shown with line numbers", async () => {
  const result = await edit({ path: "src/cart.js", old_string: "    return this.items.reduce((sum, item) => sum + item.price, 0);", new_string: "    return this.items.reduce((sum, item) => sum + item.price * (item.quantity ?? 1), 0);" });
  assert.equal(result.isError, false, result.content);
  assert.equal(
    result.content,
    [
      "edited src/cart.js: replaced 1 occurrence",
      "    8│  }",
      "    9│",
      "   10│  total() {",
      "   11│    return this.items.reduce((sum, item) => sum + item.price * (item.quantity ?? 1), 0);",
      "   12│  }",
      "   13│}",
      "   14│",
    ].join("\n"),
  );
  assert.match(fileText("src/cart.js"), /item\.quantity \?\? 1/);
});

test("zero or several matches are refused with how many and where", async () => {
  const several = await edit({ path: "src/cart.js", old_string: "  }", new_string: "  } // end" });
  assert.equal(several.isError, true);
  assert.equal(several.content, "old_string occurs 3 times in src/cart.js (at lines 4, 8, 12); include more surrounding lines to make it unique, or set replace_all to true to change every one");
  const indented = await edit({ path: "src/cart.js", old_string: "add(name, price) {\nthis.items.push({ name, price });", new_string: "x" });
  assert.equal(indented.content, "old_string was not found in src/cart.js; the same lines with different indentation or spacing are at line 6: read_file there and copy the text exactly");
  const absent = await edit({ path: "src/cart.js", old_string: "subtotal", new_string: "x" });
  assert.match(absent.content, /^old_string was not found in src\/cart\.js; read_file the region/);
});

test("replace_all changes every occurrence", async () => {
  const result = await edit({ path: "test/cart.test.js", old_string: "assert.equal", new_string: "assert.strictEqual", replace_all: true });
  assert.match(result.content, /^edited test\/cart\.test\.js: replaced 2 occurrences; the first is shown\n/);
  assert.equal(fileText("test/cart.test.js").match(/assert\.strictEqual/g)?.length, 2);
});

test("an edit that breaks the syntax is refused and the file is left unchanged", async () => {
  const before = fileText("src/cart.js");
  const result = await edit({ path: "src/cart.js", old_string: "  add(name, price) {", new_string: "  add(name, price {" });
  assert.equal(result.isError, true);
  assert.match(result.content, /^the edit was not applied: it would leave src\/cart\.js with a syntax error at line 6 \(.+\); the file is unchanged\./);
  assert.equal(fileText("src/cart.js"), before);
  // A file that was already broken can still be edited (towards a fix or not).
  writeFiles({ dir: context.workspace, files: { "src/broken.py": "def f(:\n    return 1\n" } });
  const broken = await edit({ path: "src/broken.py", old_string: "return 1", new_string: "return 2" });
  assert.equal(broken.isError, false, broken.content);
});

test("an empty old_string creates a missing file, and refuses to overwrite an existing one", async () => {
  const created = await edit({ path: "src/discount.py", old_string: "", new_string: "def discount(total):\n    return total * 0.9\n" });
  assert.equal(created.content, "created src/discount.py (2 lines)\n    1│def discount(total):\n    2│    return total * 0.9");
  const again = await edit({ path: "src/discount.py", old_string: "", new_string: "x = 1\n" });
  assert.equal(again.isError, true);
  assert.match(again.content, /^old_string is empty but src\/discount\.py already exists \(2 lines\)/);
  const brokenNew = await edit({ path: "src/bad.py", old_string: "", new_string: "def f(:\n" });
  assert.equal(brokenNew.isError, true);
  assert.equal(existsSync(join(context.workspace, "src/bad.py")), false);
  const missing = await edit({ path: "src/nothing.js", old_string: "a", new_string: "b" });
  assert.match(missing.content, /^src\/nothing\.js does not exist; to create it, give old_string as ""/);
});

test("paths into .git or outside the repository are blocked by the guard", async () => {
  const git = await edit({ path: ".git/config", old_string: "", new_string: "[core]\n" });
  assert.equal(git.isError, true);
  assert.match(git.content, /^blocked: /);
  assert.equal(git.events[0]?.kind, "guard-blocked");
  const outside = await edit({ path: "../escape.txt", old_string: "", new_string: "x" });
  assert.match(outside.content, /^blocked: /);
  assert.equal(existsSync(join(dir, "escape.txt")), false);
  assert.equal(EXAMPLE_FILES["README.md"], fileText("README.md"));
});
