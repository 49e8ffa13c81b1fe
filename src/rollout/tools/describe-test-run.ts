import type { ArtifactRef, TestStatus } from "../../schema/records.js";
import type { RunStore } from "../../store/run-store.js";
import type { TestRunReport } from "../../test-runners/test-session.js";

const MESSAGE_LINES = 8;
const MAX_LISTED = 30;
const LOG_TAIL_LINES = 40;
const ORDER: TestStatus[] = ["failed", "errored", "missing", "skipped", "passed"];

export interface DescribeTestRunOptions {
  report: TestRunReport;
  /** To show the log's tail when the run reported no tests. */
  store: RunStore;
}

/**
 * A test run as the agent should read it: counts by status, each failing test with the first
 * lines of its message, what stopped the run, and a closing `N passed`.
 */
export function describeTestRun({ report, store }: DescribeTestRunOptions): string {
  const counts = new Map<TestStatus, number>();
  for (const status of Object.values(report.statuses)) counts.set(status, (counts.get(status) ?? 0) + 1);
  const total = Object.keys(report.statuses).length;
  const summary = ORDER.filter((status) => counts.get(status)).map((status) => `${counts.get(status)} ${status}`).join(", ");
  const how = `exit code ${report.exitCode ?? "none"}, ${(report.durationMs / 1000).toFixed(1)} s`;
  const lines = [`${total} test${total === 1 ? "" : "s"}${summary ? `: ${summary}` : ""} (${how})`];
  if (report.timedOut) lines.push("the run timed out and was stopped: tests not reported by then count as missing");

  const messages = new Map(report.results.filter((result) => result.message).map((result) => [result.id, result.message!]));
  const bad = Object.entries(report.statuses).filter(([, status]) => status === "failed" || status === "errored" || status === "missing");
  for (const [id, status] of bad.slice(0, MAX_LISTED)) {
    lines.push(`${status.toUpperCase()} ${id}`);
    const message = messages.get(id);
    if (message) lines.push(...message.trim().split("\n").slice(0, MESSAGE_LINES).map((line) => `    ${line}`));
  }
  if (bad.length > MAX_LISTED) lines.push(`… and ${bad.length - MAX_LISTED} more not passing; run fewer files to see them`);

  for (const denial of report.denials) lines.push(`the sandbox blocked ${denial.kind}${denial.evidence[0] ? `: ${denial.evidence[0]}` : ""}`);
  lines.push(...report.notes.filter(concernsTheTests).map((note) => `note: ${note}`));
  if (total === 0 && report.log) lines.push("the output ended with:", ...logTail(store, report.log));
  lines.push(`${counts.get("passed") ?? 0} passed`);
  return lines.join("\n");
}

/** Notes about the machine's limits mechanism are for the run record, not the agent. */
function concernsTheTests(note: string): boolean {
  return !/cgroup|rlimit|prlimit|memory or process limit|without the sandbox/i.test(note);
}

function logTail(store: RunStore, ref: ArtifactRef): string[] {
  try {
    return store.artifacts.readText(ref).trimEnd().split("\n").slice(-LOG_TAIL_LINES).map((line) => `    ${line}`);
  } catch {
    return ["    (the log could not be read)"];
  }
}
