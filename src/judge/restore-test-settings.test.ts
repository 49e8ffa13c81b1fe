import assert from "node:assert/strict";
import { test } from "node:test";
import { restoreTestSettings } from "./restore-test-settings.js";

const basePackage = `{
    "name": "ledger",
    "scripts": { "build": "tsc", "test": "node --test test/" },
    "dependencies": { "a": "1.0.0" }
}
`;

test("package.json: test scripts and runner fields go back, dependency edits stay, indentation kept", () => {
  const patched = JSON.stringify(
    { name: "ledger", scripts: { build: "tsc -b", test: "true", "test:unit": "true" }, dependencies: { a: "1.0.0", b: "2.0.0" }, jest: { testMatch: [] } },
    null,
    4,
  );
  const restored = restoreTestSettings({ path: "package.json", base: basePackage, patched: `${patched}\n` })!;
  assert.deepEqual(restored.settings.sort(), ["jest", "scripts.test", "scripts.test:unit"]);
  assert.deepEqual(JSON.parse(restored.text), {
    name: "ledger",
    scripts: { build: "tsc -b", test: "node --test test/" },
    dependencies: { a: "1.0.0", b: "2.0.0" },
  });
  assert.match(restored.text, /^ {4}"name"/m);
  assert.ok(restored.text.endsWith("}\n"));
});

test("package.json: nothing to restore when only other fields changed, or it does not parse", () => {
  const patched = basePackage.replace('"a": "1.0.0"', '"a": "1.1.0"');
  assert.equal(restoreTestSettings({ path: "package.json", base: basePackage, patched }), undefined);
  assert.equal(restoreTestSettings({ path: "package.json", base: basePackage, patched: "{ broken" }), undefined);
  assert.equal(restoreTestSettings({ path: "src/a.ts", base: "a", patched: "b" }), undefined);
});

test("package.json created by the patch loses its test script", () => {
  const restored = restoreTestSettings({ path: "sub/package.json", base: undefined, patched: '{"name":"x","scripts":{"test":"true"}}' })!;
  assert.deepEqual(JSON.parse(restored.text), { name: "x" });
  assert.deepEqual(restored.settings, ["scripts.test"]);
});

const basePyproject = `[project]
name = "stockroom"
dependencies = []

[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.ruff]
line-length = 100
`;

test("pyproject.toml: the pytest table goes back in place, other tables keep the patch's edits", () => {
  const patched = basePyproject
    .replace('dependencies = []', 'dependencies = ["attrs"]')
    .replace('testpaths = ["tests"]', 'testpaths = ["tests"]\naddopts = "-k not slow"');
  const restored = restoreTestSettings({ path: "pyproject.toml", base: basePyproject, patched })!;
  assert.deepEqual(restored.settings, ["[tool.pytest.ini_options]"]);
  assert.equal(restored.text, basePyproject.replace('dependencies = []', 'dependencies = ["attrs"]'));
});

test("pyproject.toml: a pytest table the patch added is removed, one it removed comes back", () => {
  const added = `${basePyproject}\n[tool.pytest.ini_options.markers]\nslow = "x"\n`;
  assert.equal(restoreTestSettings({ path: "pyproject.toml", base: basePyproject, patched: added })!.text.trimEnd(), basePyproject.trimEnd());
  const removed = basePyproject.replace('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n', "");
  const back = restoreTestSettings({ path: "pyproject.toml", base: basePyproject, patched: removed })!;
  assert.match(back.text, /\[tool\.pytest\.ini_options\]\ntestpaths = \["tests"\]/);
  assert.match(back.text, /\[tool\.ruff\]/);
  assert.equal(restoreTestSettings({ path: "pyproject.toml", base: basePyproject, patched: basePyproject.replace("100", "120") }), undefined);
});

test("setup.cfg: [tool:pytest] is restored, [metadata] is not", () => {
  const base = "[metadata]\nname = a\n\n[tool:pytest]\naddopts = -q\n";
  const patched = "[metadata]\nname = b\n\n[tool:pytest]\naddopts = -q --deselect tests/test_a.py::test_x\n";
  const restored = restoreTestSettings({ path: "setup.cfg", base, patched })!;
  assert.equal(restored.text, "[metadata]\nname = b\n\n[tool:pytest]\naddopts = -q\n");
  assert.deepEqual(restored.settings, ["[tool:pytest]"]);
});
