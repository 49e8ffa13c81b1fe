import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { git } from "../../../repo/git.js";
import type { Task } from "../../../schema/records.js";
import { singleActorPolicy, type Policy, type PolicyAction, type PolicyState } from "../policy.js";
import { historyFacts, wasShown, type HistoryFacts } from "./history-facts.js";
import { countEdits, nextEdit } from "./next-edit.js";
import { searchTerm } from "./search-term.js";
import { targetState, type TargetFile } from "./target-state.js";

/** Lines of context read around a change. */
const READ_MARGIN = 8;
/** A read longer than this is cut to the first change's neighbourhood. */
const MAX_READ_LINES = 160;

/**
 * The privileged teacher: it knows the gold patch and the failing tests, and from any workspace
 * state names the next action an expert would take — explore, locate, read, plan, edit hunk by
 * hunk, revert what does not belong, run the tests, submit. Its reasoning cites only what the
 * observations showed; it never mentions what it knows. It needs no model.
 */
export function oraclePolicy(options: { actor?: "teacher" | "student" } = {}): Policy {
  const targets = new Map<string, Promise<TargetFile[]>>();
  return singleActorPolicy({
    kind: "oracle",
    label: "oracle",
    actor: options.actor ?? "teacher",
    act: async (state) => {
      const started = performance.now();
      const key = `${state.task.id}\0${state.workspace}`;
      if (!targets.has(key)) targets.set(key, targetState({ task: state.task, workspace: state.workspace }));
      const decision = stopRepeating(state, await decide(state, await targets.get(key)!));
      return { ...decision, latencyMs: Math.round(performance.now() - started) };
    },
  });
}

type Choice = Omit<PolicyAction, "latencyMs">;
type CallMaker = (name: string, args: Record<string, unknown>) => PolicyAction["toolCalls"];

async function decide(state: PolicyState, targets: TargetFile[]): Promise<Choice> {
  const { task, workspace, turn } = state;
  const facts = historyFacts(state.steps);
  const call = (name: string, args: Record<string, unknown>) => [{ id: `call_${turn}_0`, name, argumentsText: JSON.stringify(args) }];
  const targetPaths = new Set(targets.map((file) => file.path));

  // 1. Changes that do not belong go first, so what remains is the fix and nothing else.
  const stray = (await changedPaths(workspace, task.baseCommit)).filter((path) => !targetPaths.has(path));
  if (stray.length > 0) {
    const path = stray[0]!;
    const tracked = await existsAt(workspace, task.baseCommit, path);
    // HEAD names the base commit unless someone committed since; then only the hash will do.
    const head = (await git({ cwd: workspace, args: ["rev-parse", "HEAD"] })).trim();
    const base = head === task.baseCommit ? "HEAD" : task.baseCommit;
    const command = tracked ? `git checkout ${base} -- ${shellQuote(path)}` : `rm -f -- ${shellQuote(path)}`;
    const reasoning = `\`${path}\` has changes that have nothing to do with the problem the issue describes; ${tracked ? "restoring it to the base commit" : "removing the file"} so the diff stays focused on the fix.`;
    return { reasoning, content: "", toolCalls: call("bash", { command }) };
  }

  const pending = targets.filter((file) => currentContent(workspace, file.path) !== file.target);
  if (pending.length > 0) {
    // 2. Find the code before touching it: an overview, a search, then the lines around each change.
    const untouched = !targets.some((file) => facts.mentioned(file.path));
    if (untouched && !facts.explored) {
      return { reasoning: "Starting with an overview of the repository layout to see where the code the issue is about lives.", content: "", toolCalls: call("repo_tree", { depth: 3 }) };
    }
    if (untouched && facts.searches.length === 0) {
      const term = searchTerm({ task, targets });
      if (term) {
        const why = term.fromStatement ? `The issue mentions \`${term.text}\`` : `The failing behaviour goes through \`${term.text}\``;
        return { reasoning: `${why}; searching for it to find the code involved.`, content: "", toolCalls: call("repo_search", { query: term.pattern }) };
      }
    }
    const unread = unreadRange(pending, workspace, facts);
    if (unread) {
      const where = facts.searches.find((search) => search.output.includes(unread.path));
      const why = where ? `The search for \`${where.query}\` points at \`${unread.path}\`` : `\`${unread.path}\` is where this behaviour is implemented`;
      return {
        reasoning: `${why}; reading lines ${unread.start}–${unread.end} before changing anything.`,
        content: "",
        toolCalls: call("read_file", { path: unread.path, start_line: unread.start, end_line: unread.end }),
      };
    }
    // 3. The plan, once, then the fix hunk by hunk.
    const plan = facts.planWritten ? "" : `${writePlan(task, targets, workspace)}\n\n`;
    return { ...editStep({ file: pending[0]!, workspace, facts, plan, call }), content: "" };
  }

  // 4. Verify, then submit. A test run the harness refused is not retried.
  if (facts.lastTestStep <= facts.lastChangeStep && facts.lastChangeStep >= 0 && !facts.testRunRefusedSinceChange) {
    const files = testFilesToRun(task, workspace);
    const where = files.length > 0 ? `the tests in ${files.map((f) => `\`${f}\``).join(", ")}` : "the test suite";
    return {
      reasoning: `The change is in place. Running ${where} to check that it fixes the failure without breaking anything else.`,
      content: "",
      toolCalls: call("run_tests", files.length > 0 ? { files } : {}),
    };
  }
  const verdict = facts.lastTestOutput ? summarizeTestRun(facts.lastTestOutput) : "the change is complete";
  const summary = `Fixed ${targets.map((file) => `\`${file.path}\``).join(", ")}.`;
  return { reasoning: `${capitalize(verdict)}. The fix is done; submitting it.`, content: summary, toolCalls: call("submit", { summary }) };
}

/**
 * An expert does not make the same call a third time when the last two changed nothing: it says
 * it is stuck and stops (seed 002's escalation signal) rather than burning the step budget.
 */
function stopRepeating(state: PolicyState, choice: Choice): Choice {
  const proposed = choice.toolCalls[0];
  const recent = state.steps.slice(-2).map((step) => step.toolCalls[0]);
  const same = (call: (typeof recent)[number]) => call !== undefined && proposed !== undefined && call.name === proposed.name && JSON.stringify(call.arguments) === proposed.argumentsText;
  if (recent.length < 2 || !recent.every(same) || proposed?.name === "submit") return choice;
  const summary = `I could not finish: ${proposed!.name} keeps giving the same result, so the fix is incomplete.`;
  return {
    reasoning: `${proposed!.name} has now given the same result twice; repeating it will not help. Stopping here and saying what is missing.`,
    content: summary,
    toolCalls: [{ id: `call_${state.turn}_0`, name: "submit", argumentsText: JSON.stringify({ summary }) }],
  };
}

function editStep({ file, workspace, facts, plan, call }: { file: TargetFile; workspace: string; facts: HistoryFacts; plan: string; call: CallMaker }): Choice {
  const current = currentContent(workspace, file.path);
  if (file.target === null) {
    return {
      reasoning: `${plan}\`${file.path}\` is no longer needed by the fix; deleting it.`,
      content: "",
      toolCalls: call("bash", { command: `rm -f -- ${shellQuote(file.path)}` }),
    };
  }
  if (current === null) {
    return {
      reasoning: `${plan}The fix needs a new file, \`${file.path}\`; creating it.`,
      content: "",
      toolCalls: call("edit", { path: file.path, old_string: "", new_string: file.target }),
    };
  }
  const edit = nextEdit({ current, target: file.target, whole: facts.refusedEditPaths.has(file.path) })!;
  const restoring = file.base !== null && isRestore(edit.added, file.base);
  const shown = (lines: string[]) => (lines.length === 0 ? "(nothing)" : lines.slice(0, 6).map((line) => `    ${line.trim()}`).join("\n") + (lines.length > 6 ? `\n    … ${lines.length - 6} more lines` : ""));
  const what = restoring
    ? `${lineSpan(edit)} of \`${file.path}\` were changed in a way that does not address the failure; restoring the original code:\n${shown(edit.added)}`
    : edit.removed.length === 0
      ? `${edit.startLine <= 1 ? "At the top of" : `In`} \`${file.path}\`${edit.startLine <= 1 ? "" : ` after line ${edit.startLine - 1}`}, adding:\n${shown(edit.added)}`
      : `${lineSpan(edit)} of \`${file.path}\` read:\n${shown(edit.removed)}\nThis is where the wrong behaviour comes from. Changing it to:\n${shown(edit.added)}`;
  const more = edit.remaining > 0 ? `\n${edit.remaining} more change${edit.remaining === 1 ? "" : "s"} in this file after this one.` : "";
  return { reasoning: `${plan}${what}${more}`, content: "", toolCalls: call("edit", { path: file.path, old_string: edit.oldString, new_string: edit.newString }) };
}

/** The plan in seed 002's format: numbered steps naming the tool, scope, risk, confidence, alternative. */
function writePlan(task: Task, targets: TargetFile[], workspace: string): string {
  const steps: string[] = [];
  for (const file of targets) {
    const symbols = task.scope.symbols.filter((symbol) => symbol.file === file.path).map((symbol) => `\`${symbol.name.split(".").slice(-2).join(".")}\``);
    const where = symbols.length > 0 ? `${symbols.join(", ")} in \`${file.path}\`` : `\`${file.path}\``;
    if (file.target === null) steps.push(`Delete \`${file.path}\` (bash)`);
    else if (file.base === null) steps.push(`Create \`${file.path}\` (edit)`);
    else steps.push(`Fix ${where} (edit)`);
  }
  const tests = testFilesToRun(task, workspace);
  steps.push(`Run ${tests.length > 0 ? `the tests in ${tests.map((f) => `\`${f}\``).join(", ")}` : "the test suite"} to verify (run_tests)`);
  steps.push("Submit the change (submit)");
  const lines = targets.reduce((sum, file) => sum + countLines(file), 0);
  return [
    "**Plan**:",
    ...steps.map((step, i) => `${i + 1}. ${step}`),
    "",
    `**Estimated scope**: ${targets.length} file${targets.length === 1 ? "" : "s"}, ~${lines} line${lines === 1 ? "" : "s"} changed`,
    `**Risk**: other callers of the changed code may depend on the current behaviour`,
    `**Confidence**: ${targets.length === 1 ? "0.85" : "0.7"}`,
    `**Alternative plan**: if the tests still fail, re-read the failing test and the code it calls, and revise the change`,
  ].join("\n");
}

function countLines(file: TargetFile): number {
  if (file.target === null) return (file.base ?? "").split("\n").length;
  if (file.base === null) return file.target.split("\n").length;
  return countEdits(file.base, file.target);
}

/** The first part of a pending file not yet shown by a read, widened by a margin. */
function unreadRange(pending: TargetFile[], workspace: string, facts: HistoryFacts) {
  for (const file of pending) {
    const current = currentContent(workspace, file.path);
    if (current === null || file.target === null) continue;
    const edit = nextEdit({ current, target: file.target, whole: true });
    if (!edit) continue;
    const total = Math.max(1, current.split("\n").length - (current.endsWith("\n") ? 1 : 0));
    const first = nextEdit({ current, target: file.target })!;
    const span = edit.endLine - edit.startLine > MAX_READ_LINES ? first : edit;
    const range = { path: file.path, start: Math.max(1, span.startLine - READ_MARGIN), end: Math.min(total, span.endLine + READ_MARGIN) };
    const changed = current.split("\n").slice(span.startLine - 1, span.endLine);
    if (!wasShown(facts, file.path, changed)) return range;
  }
  return undefined;
}

/** The test files the task's tests live in, where ids name them and they exist in the workspace. */
function testFilesToRun(task: Task, workspace: string): string[] {
  const existing = (ids: string[]) => [...new Set(ids.map((id) => id.split("::")[0]!))].filter((file) => file !== "" && isFile(join(workspace, file)));
  const failing = existing(task.failToPass);
  return failing.length > 0 ? failing : existing(task.passToPass).slice(0, 5);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function summarizeTestRun(output: string): string {
  const passed = /(\d+) passed/.exec(output)?.[1];
  const failed = /(\d+) failed/.exec(output)?.[1];
  if (passed && (!failed || failed === "0")) return `the tests pass (${passed} passed)`;
  if (failed) return `the run still reports ${failed} failing test${failed === "1" ? "" : "s"}, outside what this change touches`;
  return "the tests ran";
}

function lineSpan(edit: { startLine: number; endLine: number }): string {
  return edit.startLine === edit.endLine ? `Line ${edit.startLine}` : `Lines ${edit.startLine}–${edit.endLine}`;
}

function isRestore(added: string[], base: string): boolean {
  return added.length > 0 && added.every((line) => base.includes(line));
}

/** Paths that differ from the base commit: tracked changes and new files git does not ignore. */
async function changedPaths(workspace: string, baseCommit: string): Promise<string[]> {
  const env = { GIT_OPTIONAL_LOCKS: "0" };
  const tracked = await git({ cwd: workspace, args: ["diff", "--name-only", "-z", "--no-renames", baseCommit], env });
  const untracked = await git({ cwd: workspace, args: ["ls-files", "-z", "--others", "--exclude-standard"], env });
  return [...new Set([...tracked.split("\0"), ...untracked.split("\0")].filter(Boolean))];
}

async function existsAt(workspace: string, commit: string, path: string): Promise<boolean> {
  try {
    await git({ cwd: workspace, args: ["cat-file", "-e", `${commit}:${path}`] });
    return true;
  } catch {
    return false;
  }
}

function currentContent(workspace: string, path: string): string | null {
  try {
    return readFileSync(join(workspace, path), "utf8");
  } catch {
    return null;
  }
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
