import assert from "node:assert/strict";
import { test } from "node:test";
import { globToRegExp } from "./glob-to-reg-exp.js";

test("globs match paths as a shell would", () => {
  const cases: [string, string, boolean][] = [
    ["*.py", "app.py", true],
    ["*.py", "src/app.py", false],
    ["src/**/*.ts", "src/a.ts", true],
    ["src/**/*.ts", "src/x/y/a.ts", true],
    ["src/**/*.ts", "lib/a.ts", false],
    ["*.{js,ts}", "a.ts", true],
    ["*.{js,ts}", "a.tsx", false],
    ["test_?.py", "test_1.py", true],
    ["[ab]*.md", "b-notes.md", true],
    ["[!ab]*.md", "b-notes.md", false],
    ["a.b", "axb", false],
    ["**", "any/thing", true],
  ];
  for (const [glob, path, expected] of cases) assert.equal(globToRegExp(glob).test(path), expected, `${glob} vs ${path}`);
});
