/**
 * True when a repository path holds tests or test support (fixtures, snapshots, mocks, test data).
 *
 * SWE-bench puts a file in `test_patch` when its path contains test/tests/e2e/testing. Matched as
 * raw substrings that catches `src/attestation.ts` and `latest.ts`, so here the words are matched
 * against the words of each path segment instead (split at `.`, `_`, `-` and camelCase), which
 * also covers the languages' own conventions: `*.test.ts`, `*.spec.js`, `test_*.py`,
 * `*_test.py`, `*_test.go`, `FooTest.java`, Rust's `tests/`.
 */
export function isTestPath(path: string): boolean {
  let known = answers.get(path);
  if (known === undefined) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(path, (known = testPath(path)));
  }
  return known;
}

/** Answers already given: a run asks about the same few paths for every step of every trajectory. */
const answers = new Map<string, boolean>();
const MAX_ANSWERS = 10_000;

function testPath(path: string): boolean {
  const segments = path.replace(/\\/g, "/").split("/").filter((segment) => segment !== "" && segment !== ".");
  const name = segments.at(-1);
  if (!name) return false;
  if (TEST_FILE_NAMES.has(name) || /\.spec\.[^/]+$/.test(name)) return true;
  return segments.some((segment) => TEST_DIRS.has(segment) || wordsOf(segment).some((word) => TEST_WORD.test(word)));
}

/** Files that are test support by name alone (pytest's shared fixtures). */
const TEST_FILE_NAMES = new Set(["conftest.py"]);

/** Directories that only ever hold test support, whatever their words. */
const TEST_DIRS = new Set(["__tests__", "__mocks__", "__snapshots__", "__fixtures__", "testdata", "e2e"]);

/** A word that marks a test: test, tests, testing, e2e, and compounds like testdata or unittests. */
const TEST_WORD =
  /^(?:(?:unit|integration|functional|acceptance|smoke|regression)?tests?|testing|e2e|tests?(?:data|utils?|lib|helpers?|cases?|suites?|support|fixtures?))$/;

/** The lower-cased words of a segment: `FooTest.java` → foo, test, java; `e2e-specs` → e2e, specs. */
function wordsOf(segment: string): string[] {
  return segment
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/e2e|E2E|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [])
    .map((word) => word.toLowerCase());
}
