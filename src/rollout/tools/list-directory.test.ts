import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { listDirectoryTool } from "./list-directory.js";
import { EXAMPLE_FILES, openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-list-directory-"));
  context = await openToolTestContext({
    dir,
    files: { ...EXAMPLE_FILES, "src/util/money.js": "export const cents = 100;\n", "src/util/deep/more.ts": "export {};\n", "dist/bundle.js": "built\n" },
  });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const list = (args: Record<string, unknown>) => context.call(listDirectoryTool, args);

test("the root is listed two levels deep, directories first; node_modules is one entry and .git is never shown", async () => {
  const result = await list({});
  assert.equal(result.isError, false);
  assert.equal(
    result.content,
    [
      "./",
      "  dist/",
      "    bundle.js",
      "  node_modules/ (installed dependencies, not listed)",
      "  src/",
      "    util/ (2 entries)",
      "    cart.js",
      "  test/",
      "    cart.test.js",
      "  .gitignore",
      "  README.md",
      "  package.json",
    ].join("\n"),
  );
  assert.deepEqual(result.sources.map((source) => source.kind === "repo-file" && source.path), ["."]);
});

test("a subdirectory at a chosen depth", async () => {
  const result = await list({ path: "src", depth: 3 });
  assert.equal(result.content, ["src/", "  util/", "    deep/", "      more.ts", "    money.js", "  cart.js"].join("\n"));
});

test("a pattern finds matching files at any depth, leaving out what .gitignore excludes", async () => {
  const byName = await list({ pattern: "*.js" });
  assert.equal(byName.content, "3 files under . match *.js:\nsrc/cart.js\nsrc/util/money.js\ntest/cart.test.js");
  const rooted = await list({ path: "src", pattern: "util/**/*.{ts,js}" });
  assert.equal(rooted.content, "2 files under src match util/**/*.{ts,js}:\nsrc/util/deep/more.ts\nsrc/util/money.js");
  const none = await list({ pattern: "*.rb" });
  assert.equal(none.content, "no files under . match *.rb");
});

test("a huge directory is cut with a note on how to narrow it", async () => {
  writeFiles({ dir: context.workspace, files: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`big/file${i}.txt`, ""])) });
  const lines = (await list({ path: "big" })).content.split("\n");
  assert.equal(lines.length, 502);
  assert.equal(lines.at(-1), "[listing cut at 500 entries; list a subdirectory or use a smaller depth]");
  rmSync(join(context.workspace, "big"), { recursive: true });
});

test("files, missing paths and paths outside the repository are refused", async () => {
  assert.match((await list({ path: "README.md" })).content, /^README\.md is a file, not a directory; use read_file/);
  assert.match((await list({ path: "nowhere" })).content, /^nowhere does not exist/);
  assert.match((await list({ path: ".." })).content, /leads outside the repository/);
  assert.match((await list({ path: ".git" })).content, /git's own data/);
});
