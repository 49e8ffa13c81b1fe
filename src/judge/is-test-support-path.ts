import { isTestPath } from "../tasks/is-test-path.js";

/**
 * True for a file the judge puts back to its base-commit content before running a task's tests:
 * test code and test support (`isTestPath`: test files and dirs, `conftest.py`, `__snapshots__`,
 * `__mocks__`, `__fixtures__`, `testdata`), snapshots and fixtures anywhere (`*.snap`,
 * `fixtures/`), and the test runners' own configuration files, which decide what runs and how
 * (which files, setup code, timeouts, retries). The agent's edits to any of these never count.
 *
 * Files that mix test settings with everything else (`package.json`, `pyproject.toml`,
 * `setup.cfg`) are not here: restoring them whole would undo legitimate dependency or build edits,
 * so `restoreTestSettings` restores only their test sections.
 */
export function isTestSupportPath(path: string): boolean {
  if (isTestPath(path)) return true;
  const segments = path.replace(/\\/g, "/").split("/").filter((segment) => segment !== "" && segment !== ".");
  const name = segments.at(-1) ?? "";
  if (segments.slice(0, -1).some((segment) => FIXTURE_DIRS.has(segment))) return true;
  return TEST_CONFIG_NAMES.has(name) || TEST_CONFIG_PATTERNS.some((pattern) => pattern.test(name));
}

const FIXTURE_DIRS = new Set(["fixtures", "snapshots"]);

/** Whole files that configure a test runner (or the environment tests run in, like tox). */
const TEST_CONFIG_NAMES = new Set(["pytest.ini", "conftest.py", "tox.ini", "noxfile.py", ".mocharc", ".taprc", "setupTests.js", "setupTests.ts"]);

const TEST_CONFIG_PATTERNS = [
  /\.snap$/,
  /^(?:jest|vitest|ava|playwright|cypress)\.config\.[cm]?[jt]s$/,
  /^jest\.config\.json$/,
  /^(?:jest|vitest)\.(?:setup|preset)\.[cm]?[jt]s$/,
  /^vitest\.workspace\.(?:[cm]?[jt]s|json)$/,
  /^karma\.conf\.[cm]?[jt]s$/,
  /^\.mocharc\.(?:[cm]?js|json|jsonc|ya?ml)$/,
];
