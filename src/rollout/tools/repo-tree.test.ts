import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { repoTreeTool } from "./repo-tree.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-repo-tree-"));
  const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`fixtures/case${String(i).padStart(2, "0")}.json`, "{}\n"]));
  context = await openToolTestContext({
    dir,
    files: { ...EXAMPLE_FILES, ...many, "src/util/deep/more.ts": "export {};\n", ".github/workflows/ci.yml": "on: push\n", "dist/bundle.js": "built\n" },
  });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the tree is condensed: deep directories are counted, big ones cut, hidden and ignored files left out", async () => {
  const result = await context.call(repoTreeTool, { depth: 2 });
  const lines = result.content.split("\n");
  assert.equal(lines[0], "example/shop (35 files, hidden ones left out)");
  assert.ok(lines.includes("  src/"));
  assert.ok(lines.includes("    util/ (1 file)"));
  assert.ok(lines.includes("    cart.js"));
  assert.ok(lines.includes("    case24.json"));
  assert.ok(lines.includes("    … 5 more files"));
  assert.ok(!lines.some((line) => /dist|node_modules|\.github|\.gitignore/.test(line)), result.content);
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["."]);
});

test("include_hidden shows dot files and directories", async () => {
  const result = await context.call(repoTreeTool, { depth: 3, include_hidden: true });
  assert.match(result.content, /^example\/shop \(37 files\)/);
  assert.match(result.content, /\n  \.github\/\n    workflows\/\n      ci\.yml\n/);
  assert.match(result.content, /\n  \.gitignore\n/);
});
