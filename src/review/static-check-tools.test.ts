import assert from "node:assert/strict";
import { test } from "node:test";
import { introducedProblems } from "./introduced-problems.js";
import { parseEslintJson, parsePyflakesOutput, parseRuffJson, parseTscOutput } from "./static-check-tools.js";

test("tsc's plain output becomes problems, continuation lines joined and project errors kept", () => {
  const output = [
    "src/money.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    "src/index.ts(3,10): error TS2345: Argument of type '{ a: string; }' is not assignable to parameter of type 'Options'.",
    "  Object literal may only specify known properties.",
    "error TS5023: Unknown compiler option 'strictest'.",
    "",
  ].join("\n");
  assert.deepEqual(parseTscOutput(output), [
    { file: "src/money.ts", line: 12, message: "TS2322: Type 'string' is not assignable to type 'number'." },
    { file: "src/index.ts", line: 3, message: "TS2345: Argument of type '{ a: string; }' is not assignable to parameter of type 'Options'. Object literal may only specify known properties." },
    { file: "", message: "TS5023: Unknown compiler option 'strictest'." },
  ]);
  assert.deepEqual(parseTscOutput(""), []);
});

test("eslint's and ruff's JSON become problems with repository paths; other output is not a report", () => {
  const eslint = JSON.stringify([
    { filePath: "/work/ws/src/a.js", messages: [{ ruleId: "no-unused-vars", message: "'x' is defined but never used.", severity: 2, line: 4 }, { ruleId: "semi", message: "Missing semicolon.", severity: 1, line: 5 }] },
    { filePath: "/work/ws/src/b.js", messages: [] },
  ]);
  assert.deepEqual(parseEslintJson(eslint, "/work/ws"), [{ file: "src/a.js", line: 4, message: "no-unused-vars: 'x' is defined but never used." }]);
  assert.equal(parseEslintJson("Oops! Something went wrong!", "/work/ws"), undefined);
  const ruff = JSON.stringify([{ filename: "/work/ws/pkg/mod.py", code: "F401", message: "`os` imported but unused", location: { row: 1, column: 8 } }]);
  assert.deepEqual(parseRuffJson(ruff, "/work/ws"), [{ file: "pkg/mod.py", line: 1, message: "F401: `os` imported but unused" }]);
  assert.deepEqual(parseRuffJson("[]", "/work/ws"), []);
  assert.equal(parseRuffJson("error: unexpected argument '--output-format'", "/work/ws"), undefined);
});

test("pyflakes' lines become problems; a syntax error's source line and caret do not", () => {
  const output = ["pkg/mod.py:1:1: 'os' imported but unused", "pkg/mod.py:9: undefined name 'totl'", "pkg/broken.py:3:7: invalid syntax", "    def f(:", "          ^"].join("\n");
  assert.deepEqual(parsePyflakesOutput(output), [
    { file: "pkg/mod.py", line: 1, message: "'os' imported but unused" },
    { file: "pkg/mod.py", line: 9, message: "undefined name 'totl'" },
    { file: "pkg/broken.py", line: 3, message: "invalid syntax" },
  ]);
});

test("only problems the patch introduced count: moved lines are not new, a second copy is", () => {
  const before = [
    { file: "src/a.ts", line: 10, message: "TS2322: bad" },
    { file: "src/b.ts", line: 2, message: "TS7006: implicit any" },
  ];
  const after = [
    { file: "src/a.ts", line: 14, message: "TS2322: bad" },
    { file: "src/a.ts", line: 20, message: "TS2322: bad" },
    { file: "src/c.ts", line: 1, message: "TS7006: implicit any" },
  ];
  assert.deepEqual(introducedProblems({ before, after }), [
    { file: "src/a.ts", line: 20, message: "TS2322: bad" },
    { file: "src/c.ts", line: 1, message: "TS7006: implicit any" },
  ]);
  assert.deepEqual(introducedProblems({ before: after, after: before.slice(0, 1) }), [], "fixing problems introduces none");
});
