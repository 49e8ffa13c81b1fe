import assert from "node:assert/strict";
import { test } from "node:test";
import { isTestSupportPath } from "./is-test-support-path.js";

test("test code, snapshots, fixtures and test-runner configs are test support", () => {
  for (const path of [
    "test/money.test.ts",
    "src/__tests__/a.ts",
    "tests/conftest.py",
    "src/components/__snapshots__/button.tsx.snap",
    "src/button.test.tsx.snap",
    "spec/fixtures/ledger.json",
    "fixtures/input.txt",
    "jest.config.js",
    "packages/core/jest.config.ts",
    "jest.config.json",
    "jest.setup.mjs",
    "vitest.config.mts",
    "vitest.workspace.ts",
    ".mocharc.yml",
    ".mocharc",
    "karma.conf.js",
    "ava.config.cjs",
    "pytest.ini",
    "tox.ini",
    "noxfile.py",
    "src/setupTests.ts",
  ]) {
    assert.equal(isTestSupportPath(path), true, path);
  }
});

test("source, build config and mixed files are not", () => {
  for (const path of ["src/money.ts", "src/attestation.ts", "package.json", "pyproject.toml", "setup.cfg", "vite.config.ts", "tsconfig.json", "src/fixtures.ts", "README.md"]) {
    assert.equal(isTestSupportPath(path), false, path);
  }
});
