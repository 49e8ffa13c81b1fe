import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { parse } from "yaml";
import { tempDir } from "../testing/temp-dir.js";
import { DEFAULT_REVIEW_POLICY, loadReviewPolicy, ReviewPolicyError, reviewPolicyYaml, sensitivePathsOf } from "./review-policy.js";

test("the default policy names sensitive paths by kind and leaves ordinary code alone", () => {
  const expected: Record<string, string | undefined> = {
    ".github/workflows/ci.yml": "CI configuration",
    ".gitlab-ci.yml": "CI configuration",
    Jenkinsfile: "CI configuration",
    "ci/Jenkinsfile": "CI configuration",
    "src/auth/session-store.ts": "auth and security code",
    "app/security.py": "auth and security code",
    "lib/user-auth.js": "auth and security code",
    "db/migrations/0001_init.sql": "database migrations",
    "app/alembic/versions/abc.py": "database migrations",
    "package.json": "dependency manifests and lockfiles",
    "web/package-lock.json": "dependency manifests and lockfiles",
    "requirements-dev.txt": "dependency manifests and lockfiles",
    "go.sum": "dependency manifests and lockfiles",
    Dockerfile: "container images",
    "deploy/Dockerfile.prod": "container images",
    "docker-compose.yml": "container images",
    "infra/main.tf": "infrastructure",
    "charts/app/values.yaml": "infrastructure",
    ".env": "secrets and credentials",
    "config/.env.production": "secrets and credentials",
    "certs/server.pem": "secrets and credentials",
    Makefile: "build scripts",
    "tsconfig.json": "build scripts",
    "jest.config.ts": "test and lint configuration",
    "tests/conftest.py": "test and lint configuration",
    "eslint.config.mjs": "test and lint configuration",
    ".github/CODEOWNERS": "code ownership and repository rules",
    "src/money.ts": undefined,
    "src/author.ts": undefined,
    "src/tokenizer/lexer.ts": undefined,
    "test/money.test.ts": undefined,
    "README.md": undefined,
    "docs/deploying.md": undefined,
  };
  const found = new Map(sensitivePathsOf({ paths: Object.keys(expected), policy: DEFAULT_REVIEW_POLICY }).map((entry) => [entry.path, entry.rule]));
  for (const [path, rule] of Object.entries(expected)) assert.equal(found.get(path), rule, path);
});

test("a path takes the first rule that names it, and is reported once", (t) => {
  const policy = {
    ...DEFAULT_REVIEW_POLICY,
    sensitivePaths: [
      { name: "payments", match: ["src/payments/**"], rationale: "money moves here" },
      { name: "anything typescript", match: "**/*.ts", rationale: "a catch-all, to test order" },
    ],
  };
  const found = sensitivePathsOf({ paths: ["src/payments/charge.ts", "src/payments/charge.ts", "src/a.ts", "a.py"], policy: loadFromObject(t, policy) });
  assert.deepEqual(found, [
    { path: "src/payments/charge.ts", rule: "payments" },
    { path: "src/a.ts", rule: "anything typescript" },
  ]);
});

test("--print-policy's YAML reads back as the same policy, with its comments", (t) => {
  const yaml = reviewPolicyYaml(DEFAULT_REVIEW_POLICY);
  assert.match(yaml, /^# kaizen review policy/);
  assert.match(yaml, /# A patch touching more files/);
  assert.match(yaml, /match: \[\.github\/workflows\/\*\*,/, "pattern lists are written on one line");
  assert.deepEqual(parse(yaml), JSON.parse(JSON.stringify(DEFAULT_REVIEW_POLICY)));
  const file = join(tempDir(t), "review.yaml");
  writeFileSync(file, yaml);
  assert.deepEqual(loadReviewPolicy({ file }), DEFAULT_REVIEW_POLICY);
});

test("a policy file may give only some sections; the rest are the defaults", (t) => {
  const dir = tempDir(t);
  const file = join(dir, "review.json");
  writeFileSync(file, JSON.stringify({ diff: { maxFiles: 2, maxLines: 40, rationale: "small patches only" }, hackFlags: { signOff: false, rationale: "the judge gates them already" } }));
  const policy = loadReviewPolicy({ file });
  assert.equal(policy.diff.maxFiles, 2);
  assert.equal(policy.hackFlags.signOff, false);
  assert.deepEqual(policy.sensitivePaths, DEFAULT_REVIEW_POLICY.sensitivePaths);
  assert.equal(loadReviewPolicy(), DEFAULT_REVIEW_POLICY, "no file: the built-in policy");
});

test("a bad policy file is refused with the entry and field named", (t) => {
  const dir = tempDir(t);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const problems = (file: string) => {
    try {
      loadReviewPolicy({ file });
    } catch (error) {
      assert.ok(error instanceof ReviewPolicyError);
      assert.match(error.hint, /kaizen review --print-policy/);
      return error.message;
    }
    assert.fail(`${file} was accepted`);
  };
  const noRationale = write("no-rationale.yaml", "sensitivePaths:\n  - name: payments\n    match: src/payments/**\n  - name: billing\n    match: [src/billing/**]\n    rationale: invoices\n");
  assert.match(problems(noRationale), /sensitivePaths\.0\.rationale: every entry needs a rationale.*\(the entry "payments"\)/);
  const noPattern = write("no-pattern.yaml", "sensitivePaths:\n  - name: payments\n    match: []\n    rationale: money\n");
  assert.match(problems(noPattern), /sensitivePaths\.0\.match: name at least one pattern \(the entry "payments"\)/);
  assert.match(problems(write("limits.yaml", "diff:\n  maxFiles: lots\n  maxLines: 10\n  rationale: x\n")), /diff\.maxFiles/);
  assert.match(problems(write("unknown.yaml", "sensitivePath: []\n")), /unknown field sensitivePath/);
  assert.match(problems(write("broken.yaml", "diff: [unclosed\n")), /cannot be parsed/);
  assert.match(problems(join(dir, "missing.yaml")), /does not exist/);
});

/** The policy through a JSON file, as a user would give it (a bare string for match included). */
function loadFromObject(t: TestContext, policy: unknown) {
  const file = join(tempDir(t), "review.json");
  writeFileSync(file, JSON.stringify(policy));
  return loadReviewPolicy({ file });
}
