import assert from "node:assert/strict";
import { test } from "node:test";
import { applyFilePatch, PatchDoesNotFitError } from "./apply-file-patch.js";
import { diffLines } from "./line-diff.js";
import { unifiedDiff } from "./unified-diff.js";

test("diffLines finds each changed region and nothing else", () => {
  const a = ["a", "b", "c", "d", "e", "f"];
  const b = ["a", "B", "c", "d", "e", "f", "g"];
  assert.deepEqual(diffLines({ a, b }), [
    { aStart: 1, aEnd: 2, bStart: 1, bEnd: 2 },
    { aStart: 6, aEnd: 6, bStart: 6, bEnd: 7 },
  ]);
  assert.deepEqual(diffLines({ a, b: a }), []);
  assert.deepEqual(diffLines({ a: ["x", "y"], b: ["y"] }), [{ aStart: 0, aEnd: 1, bStart: 0, bEnd: 0 }]);
});

test("applyFilePatch applies git's hunks in memory, final newlines included", () => {
  const original = "one\ntwo\nthree\nfour\nfive";
  const patch = [
    "diff --git a/f.txt b/f.txt",
    "--- a/f.txt",
    "+++ b/f.txt",
    "@@ -1,2 +1,2 @@",
    "-one",
    "+ONE",
    " two",
    "@@ -4,2 +4,3 @@",
    " four",
    "-five",
    "\\ No newline at end of file",
    "+five",
    "+six",
  ].join("\n");
  assert.equal(applyFilePatch({ original, patch, path: "f.txt" }), "ONE\ntwo\nthree\nfour\nfive\nsix\n");
  const created = ["--- /dev/null", "+++ b/g.txt", "@@ -0,0 +1,2 @@", "+hello", "+world"].join("\n");
  assert.equal(applyFilePatch({ original: "", patch: created, path: "g.txt" }), "hello\nworld\n");
  assert.throws(() => applyFilePatch({ original: "other\n", patch: "@@ -1 +1 @@\n-one\n+ONE", path: "f.txt" }), PatchDoesNotFitError);
});

test("unifiedDiff writes diffs that applyFilePatch (and so git apply) turns back into the new text", () => {
  const before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
  const after = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl";
  const patch = unifiedDiff({ path: "f.txt", before, after });
  assert.match(patch, /^diff --git a\/f\.txt b\/f\.txt\n--- a\/f\.txt\n\+\+\+ b\/f\.txt\n@@ -1,5 \+1,5 @@/);
  assert.equal(applyFilePatch({ original: before, patch, path: "f.txt" }), after);
  const created = unifiedDiff({ path: "n.txt", before: null, after: "x\ny\n" });
  assert.equal(applyFilePatch({ original: "", patch: created, path: "n.txt" }), "x\ny\n");
  assert.equal(unifiedDiff({ path: "f.txt", before, after: before }), "");
});
