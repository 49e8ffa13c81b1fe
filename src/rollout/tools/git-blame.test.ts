import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { gitBlameTool } from "./git-blame.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-git-blame-"));
  context = await openToolTestContext({ dir });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("each line of a range with its commit, author and date; uncommitted lines say so", async () => {
  writeFiles({ dir: context.workspace, files: { "README.md": "# shop\n\nA small shopping cart.\n" } });
  const result = await context.call(gitBlameTool, { path: "README.md", start_line: 2, end_line: 3 });
  assert.equal(result.isError, false, result.content);
  const lines = result.content.split("\n");
  assert.equal(lines[0], "README.md (lines 2-3 of 3)");
  assert.match(lines[1]!, /^\^?[0-9a-f]{7,} \(Ada +\d{4}-\d{2}-\d{2} +2\) $/);
  assert.match(lines[2]!, /^0{7,} \(Not Committed Yet \d{4}-\d{2}-\d{2} +3\) A small shopping cart\.$/);
});

test("ranges past the end and new files are refused with the reason", async () => {
  assert.equal((await context.call(gitBlameTool, { path: "README.md", start_line: 9 })).content, "README.md has 3 lines; start_line 9 is past the end");
  writeFiles({ dir: context.workspace, files: { "src/new.js": "export {};\n" } });
  const fresh = await context.call(gitBlameTool, { path: "src/new.js" });
  assert.equal(fresh.isError, true);
  assert.equal(fresh.content, "src/new.js is not in any commit yet (a new file), so it has no history to blame");
  assert.match((await context.call(gitBlameTool, { path: "missing.js" })).content, /^missing\.js does not exist/);
});
