import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFiles } from "../../testing/write-files.js";
import { openToolTestContext, type ToolTestContext } from "./open-tool-test-context.js";
import { readFileTool } from "./read-file.js";

let dir = "";
let context: ToolTestContext;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "kaizen-read-file-"));
  context = await openToolTestContext({ dir });
  writeFiles({ dir: context.workspace, files: { "src/long.py": Array.from({ length: 450 }, (_, i) => `x${i + 1} = ${i + 1}`).join("\n") + "\n" } });
});
after(() => {
  context.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const read = (args: Record<string, unknown>) => context.call(readFileTool, args);

test("a file is shown with numbered lines, its length and provenance", async () => {
  const result = await read({ path: "src/cart.js" });
  assert.equal(result.isError, false);
  const lines = result.content.split("\n");
  assert.equal(lines[0], "src/cart.js (lines 1-17 of 17)");
  assert.equal(lines[1], "    1│export class Cart {");
  assert.equal(lines[11], "   11│    return this.items.reduce((sum, item) => sum + item.price, 0);");
  assert.deepEqual(result.sources, [{ kind: "repo-file", repo: "example/shop", path: "src/cart.js", commit: context.task.baseCommit, license: "MIT" }]);
});

test("without a range the first 200 lines are shown, with how to read on; a range shows just those lines", async () => {
  const first = await read({ path: "src/long.py" });
  assert.match(first.content, /^src\/long\.py \(lines 1-200 of 450\)\n/);
  assert.match(first.content, /\n  200│x200 = 200\n\[250 more lines; read on with start_line=201\]$/);

  const range = await read({ path: "./src/long.py", start_line: 440, end_line: 460 });
  assert.match(range.content, /^src\/long\.py \(lines 440-450 of 450\); the file ends at line 450\n  440│x440 = 440\n/);
  assert.match(range.content, /  450│x450 = 450$/);
  const from = await read({ path: "src/long.py", start_line: 401 });
  assert.match(from.content, /^src\/long\.py \(lines 401-450 of 450\)\n/);
});

test("ranges past the end or backwards are refused with the file's length", async () => {
  const past = await read({ path: "src/long.py", start_line: 900 });
  assert.equal(past.isError, true);
  assert.equal(past.content, "src/long.py has 450 lines; start_line 900 is past the end. Use a start_line between 1 and 450.");
  const backwards = await read({ path: "src/long.py", start_line: 20, end_line: 10 });
  assert.match(backwards.content, /end_line 10 is before start_line 20/);
});

test("binary files, directories and missing files are refused with what to do", async () => {
  writeFileSync(join(context.workspace, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
  const binary = await read({ path: "logo.png" });
  assert.deepEqual([binary.isError, binary.content], [true, "logo.png is a binary file (8 bytes); read_file shows text files only"]);
  const directory = await read({ path: "src" });
  assert.match(directory.content, /^src is a directory; use list_directory/);
  const missing = await read({ path: "lib/cart.js" });
  assert.equal(missing.content, "lib/cart.js does not exist; files with that name: src/cart.js");
  const unknown = await read({ path: "nothing.txt" });
  assert.match(unknown.content, /nothing\.txt does not exist; use list_directory or repo_search/);
});

test("paths outside the repository, into .git, or through a symlink out of it are refused", async () => {
  const outside = await read({ path: "/etc/passwd" });
  assert.deepEqual([outside.isError, outside.content], [true, "/etc/passwd is outside the repository; paths are relative to the repository root (e.g. src/index.ts)"]);
  const climbing = await read({ path: "../run/kaizen.db" });
  assert.match(climbing.content, /leads outside the repository/);
  const git = await read({ path: ".git/config" });
  assert.match(git.content, /^\.git\/config is git's own data and is not shown/);
  symlinkSync("/etc/hostname", join(context.workspace, "host"));
  const link = await read({ path: "host" });
  assert.equal(link.content, "host is a symbolic link that leads outside the repository, so it is not shown");
  const inside = await read({ path: join(context.workspace, "README.md") });
  assert.match(inside.content, /^README\.md \(lines 1-3 of 3\)/, "an absolute path inside the workspace is accepted");
});
