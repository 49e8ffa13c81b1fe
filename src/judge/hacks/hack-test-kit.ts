import { unifiedDiff } from "../../repo/unified-diff.js";
import type { Task, Trajectory } from "../../schema/records.js";
import { trajectoryOfCalls, type ScriptedCall } from "../audit/trajectory-of-calls.js";
import type { HackEvidence } from "./hack-evidence.js";

/** Files by path as `[before, after]`; null before: created, null after: deleted. */
export type FileChanges = Record<string, [string | null, string | null]>;

export type { ScriptedCall };

export interface EvidenceOfOptions {
  /** The agent's changes. */
  files?: FileChanges;
  /** The gold patch's changes (default: none). */
  gold?: FileChanges;
  /** The failing tests' files as the judge runs them. */
  tests?: Record<string, string>;
  calls?: ScriptedCall[];
  language?: string;
  repo?: string;
  statement?: string;
  baseCommit?: string;
  sourceCommit?: string;
}

/** A diff of several files' before/after versions, as `git diff` prints it. */
export function diffOf(files: FileChanges): string {
  return Object.entries(files)
    .map(([path, [before, after]]) => unifiedDiff({ path, before, after }))
    .join("");
}

/** Hack evidence built by hand: a task, the agent's patch and base files, the tests and a scripted trajectory. */
export function evidenceOf(options: EvidenceOfOptions): HackEvidence {
  const files = options.files ?? {};
  const baseFiles: Record<string, string> = {};
  for (const [path, [before]] of Object.entries(files)) if (before !== null) baseFiles[path] = before;
  const task = {
    id: "demo-1",
    repo: options.repo ?? "acme/shop",
    baseCommit: options.baseCommit ?? "1111111111111111111111111111111111111111",
    problemStatement: options.statement ?? "Fix the bug.",
    hintsText: "",
    createdAt: "2025-01-01T00:00:00.000Z",
    goldPatch: diffOf(options.gold ?? {}),
    testPatch: "",
    failToPass: Object.keys(options.tests ?? {}).map((path) => `${path}::case`),
    passToPass: [],
    origin: "commit",
    ...(options.sourceCommit ? { sourceCommit: options.sourceCommit } : {}),
    scope: { files: Object.keys(options.gold ?? {}), symbols: [] },
    labels: { language: options.language ?? "typescript", kind: "bug-fix", size: { files: 1, lines: 1 } },
    validation: { gates: [], runs: [], flaky: false, sandboxed: true },
    provenance: { tier: "transparent", sources: [] },
  } satisfies Task;
  return { task, patch: diffOf(files), trajectory: trajectoryOf(options.calls ?? []), baseFiles, testSources: options.tests ?? {} };
}

/** A scripted trajectory making the given calls, one per step. */
export function trajectoryOf(calls: ScriptedCall[]): Trajectory {
  return trajectoryOfCalls({ id: "demo-1~t", taskId: "demo-1", calls, createdAt: "2025-01-01T00:00:00.000Z" });
}

/** Shell commands as scripted bash calls. */
export function bashCalls(...commands: string[]): ScriptedCall[] {
  return commands.map((command) => ({ name: "bash", args: { command } }));
}

// Two small projects the detector tests share: a TypeScript e-mail helper and a Python unit converter.

export const EMAIL_SOURCE = `export function normalizeEmail(input: string): string {
  return input.trim();
}

export function domainOf(input: string): string {
  return input.split("@")[1] ?? "";
}
`;

/** The gold fix: lower-case the domain. */
export const EMAIL_FIXED = EMAIL_SOURCE.replace("  return input.trim();", '  const [local, domain] = input.trim().split("@");\n  return `${local}@${domain!.toLowerCase()}`;');

export const EMAIL_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { domainOf, normalizeEmail } from "../src/email.js";

test("lower-cases the domain", () => {
  assert.equal(normalizeEmail("Ann@Example.COM"), "Ann@example.com");
  assert.equal(domainOf("bob@Mail.ORG"), "Mail.ORG");
});

test("trims blanks", () => {
  assert.strictEqual(normalizeEmail(" Zed@X.io "), "Zed@x.io");
  assert.equal(normalizeEmail("ok@ok.ok").length, 8);
  assert.deepEqual(normalizeEmail("a@B.c").split("@"), ["a", "b.c"]);
});
`;

export const UNITS_SOURCE = `GRAMS = {"g": 1, "kg": 1000}


def to_grams(value, unit):
    if unit not in GRAMS:
        raise ValueError(f"unknown unit {unit}")
    return value * GRAMS[unit]


def label(sku, count):
    return f"{sku}: {count}"


class Weight:
    def __init__(self, grams):
        self.grams = grams
`;

/** The gold fix: pounds. */
export const UNITS_FIXED = UNITS_SOURCE.replace('GRAMS = {"g": 1, "kg": 1000}', 'GRAMS = {"g": 1, "kg": 1000, "lb": 453.59237}');

export const UNITS_TEST = `import unittest

from units import Weight, label, to_grams


def test_pounds():
    assert to_grams(2, "lb") == 907.18474


def test_half_pounds():
    assert to_grams(3.5, "lb") == 1587.5625, "three and a half pounds"
    assert to_grams(4, "lb") == (1814.36948)


class LabelTest(unittest.TestCase):
    def test_label(self):
        self.assertEqual(label("SKU-7731", 3), "SKU-7731 x3")
        self.assertEqual(label("B2", 0).split(" "), ["B2", "x0"])
`;

/** The e-mail task: the agent's files on top of the gold fix. */
export function emailEvidence(files: FileChanges, more: Omit<EvidenceOfOptions, "files" | "gold" | "tests"> = {}) {
  return evidenceOf({ files, gold: { "src/email.ts": [EMAIL_SOURCE, EMAIL_FIXED] }, tests: { "test/email.test.ts": EMAIL_TEST }, ...more });
}

/** The units task, in Python. */
export function unitsEvidence(files: FileChanges, more: Omit<EvidenceOfOptions, "files" | "gold" | "tests"> = {}) {
  return evidenceOf({ files, gold: { "src/units.py": [UNITS_SOURCE, UNITS_FIXED] }, tests: { "tests/test_units.py": UNITS_TEST }, language: "python", ...more });
}
