import assert from "node:assert/strict";
import { test } from "node:test";
import { countEdits, nextEdit } from "./next-edit.js";

const apply = (text: string, edit: { oldString: string; newString: string }) => {
  assert.equal(text.split(edit.oldString).length, 2, "the old string occurs exactly once");
  return text.replace(edit.oldString, edit.newString);
};

test("nextEdit walks any state to the target one unique exact-match edit at a time", () => {
  const target = ["function add(a, b) {", "  return a + b;", "}", "", "function sub(a, b) {", "  return a - b;", "}", "", "", "", "", "export { add, sub };", ""].join("\n");
  // A state with two wrong changes far apart and one repeated line that needs context to be unique.
  let current = target.replace("return a + b;", "return a - b;").replace("export { add, sub };", "export { add };");
  assert.equal(countEdits(current, target), 2);
  let edits = 0;
  for (let edit = nextEdit({ current, target }); edit; edit = nextEdit({ current, target })) {
    current = apply(current, edit);
    if (++edits > 5) assert.fail("did not converge");
  }
  assert.equal(current, target);
  assert.equal(edits, 2);
});

test("an insertion is anchored on a neighbouring line, and whole covers every change at once", () => {
  const current = "a\nb\nc\n";
  const target = "a\nb\nnew\nc\n";
  const edit = nextEdit({ current, target })!;
  assert.notEqual(edit.oldString, "");
  assert.deepEqual(edit.added, ["new"]);
  assert.equal(apply(current, edit), target);
  const many = nextEdit({ current: "x\n1\n2\n3\n4\n5\n6\ny\n", target: "X\n1\n2\n3\n4\n5\n6\nY\n", whole: true })!;
  assert.equal(many.remaining, 0);
  assert.equal(apply("x\n1\n2\n3\n4\n5\n6\ny\n", many), "X\n1\n2\n3\n4\n5\n6\nY\n");
  assert.equal(nextEdit({ current: target, target }), undefined);
});
