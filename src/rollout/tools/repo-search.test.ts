import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { repoSearchTool } from "./repo-search.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-repo-search-"));
  context = await openToolTestContext({ dir, files: { ...EXAMPLE_FILES, "dist/cart.js": "total() built\n" } });
  // Untracked files are searched; the dependency cache and binary files are not.
  writeFiles({ dir: context.workspace, files: { "src/notes.txt": "the total is 1250 cents\n" } });
  mkdirSync(join(context.workspace, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(context.workspace, "node_modules", "dep", "index.js"), "total();\n");
  writeFileSync(join(context.workspace, "image.bin"), Buffer.from("total\0\x01\x02"));
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (args: Record<string, unknown>) => context.call(repoSearchTool, args);

test("a Perl-style regex finds matches in tracked and untracked files, as path:line: text", async () => {
  const result = await search({ query: "\\d{4}" });
  assert.equal(result.isError, false);
  assert.equal(result.content, '2 matching lines in 2 files:\nsrc/notes.txt:1: the total is 1250 cents\ntest/cart.test.js:10:   assert.equal(formatPrice(1250), "$12.50");');
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["src/notes.txt", "test/cart.test.js"]);
});

test("file_pattern narrows by glob, fixed_strings searches text as written", async () => {
  const scoped = await search({ query: "total", file_pattern: "src/**/*.js" });
  assert.equal(scoped.content, "1 matching line in 1 file (files matching src/**/*.js):\nsrc/cart.js:10:   total() {");
  const byName = await search({ query: "total", file_pattern: "*.test.js" });
  assert.match(byName.content, /^2 matching lines in 1 file \(files matching \*\.test\.js\):\ntest\/cart\.test\.js:5:/);
  const directory = await search({ query: "total", file_pattern: "test" });
  assert.match(directory.content, /^2 matching lines in 1 file /);
  const fixed = await search({ query: "(cents / 100)", fixed_strings: true });
  assert.equal(fixed.content, "1 matching line in 1 file:\nsrc/cart.js:16:   return `$${(cents / 100).toFixed(2)}`;");
});

test("results past max_results are counted, not shown", async () => {
  const result = await search({ query: "e", max_results: 3 });
  const lines = result.content.split("\n");
  assert.equal(lines.length, 5);
  const total = Number(/^(\d+) matching lines/.exec(lines[0]!)?.[1]);
  assert.equal(lines[4], `[… ${total - 3} more matching lines not shown; narrow the query or file_pattern, or raise max_results]`);
});

test("the dependency link, ignored files and binary files are not searched", async () => {
  assert.equal((await search({ query: "total();", fixed_strings: true })).content, "no matches for total();");
  const everywhere = await search({ query: "total" });
  assert.deepEqual(everywhere.sources.map((source) => source.kind === "repo-file" && source.path), ["src/cart.js", "src/notes.txt", "test/cart.test.js"]);
});

test("no match and an invalid regex say so plainly", async () => {
  const none = await search({ query: "zebra" });
  assert.deepEqual([none.isError, none.content], [false, "no matches for zebra"]);
  const invalid = await search({ query: "total(" });
  assert.equal(invalid.isError, true);
  assert.match(invalid.content, /^the search failed: .*parenthes.*; fix the expression, or set fixed_strings/);
});
