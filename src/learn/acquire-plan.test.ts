import assert from "node:assert/strict";
import { test } from "node:test";
import type { CommitFacts } from "../tasks/read-commit.js";
import { acquireCommitFilter } from "./acquire-commit-filter.js";
import { nextAcquisitionStep, planAcquisition, type AcquisitionWay } from "./acquire-plan.js";
import type { AcquisitionTarget } from "./acquisition-target.js";

const commit = (subject: string, paths: string[], body = ""): CommitFacts => ({
  sha: "a".repeat(40),
  parents: ["b".repeat(40)],
  authorDate: "2026-01-01T00:00:00Z",
  subject,
  body,
  files: paths.map((path) => ({ path, added: 3, deleted: 1, binary: false })),
  patch: "",
  undecodablePaths: [],
});

test("path filters: * stays in a folder, ** crosses folders, a bare name matches in any folder", () => {
  const takes = (glob: string, path: string) => acquireCommitFilter({ filters: [`path:${glob}`] }).accepts!(commit("Fix", [path]));
  assert.ok(takes("src/*.ts", "src/money.ts"));
  assert.ok(!takes("src/*.ts", "src/a/money.ts"));
  assert.ok(takes("src/**/*.ts", "src/a/b/money.ts"));
  assert.ok(takes("src/**/*.ts", "src/money.ts"));
  assert.ok(takes("*.py", "pkg/ledger.py"));
  assert.ok(!takes("*.py", "pkg/ledger.pyc"));
  assert.ok(takes("src/{money,format}.ts", "src/format.ts"));
  assert.ok(!takes("src/{money,format}.ts", "src/ledger.ts"));
  assert.ok(!takes("src/a.ts", "src/aXts"), "a dot is literal");
});

test("commit filters: one kind is alternatives, different kinds must all hold, malformed ones are named", () => {
  const { accepts, problems } = acquireCommitFilter({ filters: ["path:src/money.ts", "path:src/format.ts", "message:round(ing)?", "kind:bug-fix"] });
  assert.deepEqual(problems, []);
  assert.ok(accepts!(commit("fix: rounding of cents", ["src/format.ts", "test/format.test.ts"])));
  assert.ok(!accepts!(commit("fix: rounding of cents", ["src/ledger.ts"])), "no matching path");
  assert.ok(!accepts!(commit("fix: sign of negatives", ["src/money.ts"])), "message does not match");
  assert.ok(accepts!(commit("fix: cents", ["src/money.ts"], "Rounding was off by one.")), "the body counts for message:");
  assert.ok(!accepts!(commit("feat: rounding modes", ["src/money.ts"])), "a feature is not a bug fix");

  const bad = acquireCommitFilter({ filters: ["message:(unclosed", "kind:bugfix", "author:me", "path:"] });
  assert.equal(bad.accepts, undefined);
  assert.equal(bad.problems.length, 4);
  assert.match(bad.problems.join("\n"), /not a regular expression[\s\S]*names no commit kind[\s\S]*not path:GLOB[\s\S]*nothing after/);
});

const target = (fields: Partial<AcquisitionTarget>): AcquisitionTarget => ({ category: "bugClass:x", why: "thin", want: 3, repos: [], operators: [], sites: [], commitFilters: [], ...fields });
const repos = [
  { path: "/tmp/one", name: "one" },
  { path: "/tmp/two", name: "two" },
];

test("a plan alternates inject and mine per repository, narrowed by the target's repositories", () => {
  const both = planAcquisition({ target: target({ operators: ["flip-comparison", "nope"], sites: ["money.*"], commitFilters: ["path:src/money.ts"] }), repos });
  assert.deepEqual(both.ways.map((way) => `${way.method} ${way.repo.name}`), ["inject one", "mine one", "inject two", "mine two"]);
  assert.deepEqual(both.operators, ["flip-comparison"]);
  assert.deepEqual(both.problems, ["unknown mutation operator nope"]);

  const narrowed = planAcquisition({ target: target({ sites: ["money.*"], repos: ["/tmp/two/", "three"] }), repos });
  assert.deepEqual(narrowed.ways.map((way) => `${way.method} ${way.repo.name}`), ["inject two"]);
  assert.ok(narrowed.operators.length > 5, "sites without operators: every default operator");
  assert.match(narrowed.problems.join(), /repository three is not among the run's \(one, two\)/);

  // Only unknown operators: injecting with the defaults instead would be a silent fallback.
  assert.deepEqual(planAcquisition({ target: target({ operators: ["nope"], sites: ["money.*"] }), repos }).ways, []);
  const nothing = planAcquisition({ target: target({}), repos });
  assert.deepEqual(nothing.ways, []);
  assert.deepEqual(nothing.problems, ["no operators, sites or commit filters to aim with"]);
  assert.deepEqual(planAcquisition({ target: target({ commitFilters: ["kind:nope"] }), repos }).ways, []);
});

test("the next step: take turns, skip exhausted ways, stop at want, at a plateau, or when nothing is left", () => {
  const ways: AcquisitionWay[] = [
    { method: "inject", repo: repos[0]! },
    { method: "mine", repo: repos[0]! },
  ];
  const base = { ways, exhausted: new Set<number>(), attempts: [], found: 0, want: 2, plateauAttempts: 2 };
  assert.deepEqual(nextAcquisitionStep(base), { next: 0 });
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: [{ way: 0, newTasks: 1 }], found: 1 }), { next: 1 });
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: [{ way: 0, newTasks: 1 }, { way: 1, newTasks: 0 }], exhausted: new Set([1]), found: 1 }), { next: 0 });
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: [{ way: 0, newTasks: 2 }], found: 2 }), { stop: { plateau: false, why: "found 2 of 2 wanted" } });
  const empty = [{ way: 0, newTasks: 1 }, { way: 1, newTasks: 0 }, { way: 0, newTasks: 0 }];
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: empty, found: 1 }), { stop: { plateau: true, why: "2 attempts in a row made no new task" } });
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: empty.slice(0, 2), found: 1, exhausted: new Set([0, 1]) }), { stop: { plateau: true, why: "every way of looking is exhausted" } });
  assert.deepEqual(nextAcquisitionStep({ ...base, attempts: [{ way: 0, newTasks: 1 }], found: 1, maxAttempts: 1 }), { stop: { plateau: false, why: "stopped after 1 attempts, the limit per target" } });
  assert.deepEqual(nextAcquisitionStep({ ...base, ways: [] }), { stop: { plateau: true, why: "there is no way to look for it" } });
});
