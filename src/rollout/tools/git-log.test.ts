import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { git } from "../../repo/git.js";
import { writeFiles } from "../../testing/write-files.js";
import { gitLogTool } from "./git-log.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-git-log-"));
  context = await openToolTestContext({ dir });
  for (const [file, message] of [["src/a.js", "Add a"], ["src/b.js", "Add b"], ["src/a.js", "Change a"]] as const) {
    writeFiles({ dir: context.workspace, files: { [file]: `// ${message}\n` } });
    await git({ cwd: context.workspace, args: ["-c", "user.name=Grace", "-c", "user.email=g@example.com", "add", "-A"] });
    await git({ cwd: context.workspace, args: ["-c", "user.name=Grace", "-c", "user.email=g@example.com", "commit", "-qm", message] });
  }
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("recent commits newest first, limited by count or by path", async () => {
  const all = await context.call(gitLogTool, {});
  const lines = all.content.split("\n");
  assert.equal(lines.length, 4);
  assert.match(lines[0]!, /^[0-9a-f]{7,} \d{4}-\d{2}-\d{2} Grace: Change a$/);
  assert.match(lines[3]!, / Ada: Start the shop$/);
  assert.equal((await context.call(gitLogTool, { max_count: 1 })).content.split("\n").length, 1);
  const byPath = await context.call(gitLogTool, { path: "src/a.js" });
  assert.deepEqual(byPath.content.split("\n").map((line) => line.replace(/^\S+ \S+ /, "")), ["Grace: Change a", "Grace: Add a"]);
  assert.deepEqual(byPath.sources.map((source) => source.kind === "repo-file" && source.path), ["src/a.js"]);
  assert.equal((await context.call(gitLogTool, { path: "docs" })).content, "no commits changed docs");
});
