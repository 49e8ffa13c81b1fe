import { isTestPath } from "../../tasks/is-test-path.js";
import type { PlanStep } from "./parse-plan.js";
import { runCovers } from "./read-test-run.js";
import { callKind, type TimelineCall } from "./tool-timeline.js";
import { countOf, listOf, type SignalFinding, type TrajectoryFacts } from "./trajectory-facts.js";

export type PlanSignal = "plan_present" | "plan_accurate" | "no_unnecessary_changes" | "fewer_iterations" | "plan_confidence" | "replan_after_failure";

/** Seed 002's planning table: a plan before acting, carried out, confident, revised after failures. */
export function planSignals(facts: TrajectoryFacts): Record<PlanSignal, SignalFinding> {
  const { calls, plans, trajectory, thresholds, medianSteps, failedAttempts } = facts;
  const firstEdit = calls.find((call) => call.kind === "edit");
  const early = plans.find((plan) => !firstEdit || plan.step <= firstEdit.step);
  const plan_present: SignalFinding = early
    ? { count: 1, evidence: `step ${early.step} wrote a plan of ${countOf(early.plan.steps.length, "step")}${firstEdit ? ` by the first edit (step ${firstEdit.step})` : ""}` }
    : { count: 0, evidence: plans.length > 0 ? `the first plan (step ${plans[0]!.step}) came after the first edit (step ${firstEdit!.step})` : "no **Plan** with numbered steps" };

  // The latest plan is the one the agent was following at the end.
  const latest = plans.at(-1);
  let plan_accurate: SignalFinding = { count: 0, evidence: "no plan" };
  if (latest) {
    const after = calls.filter((call) => call.step >= latest.step && !call.failed);
    const missed = latest.plan.steps.filter((step) => !carriedOut(step, after));
    const share = (latest.plan.steps.length - missed.length) / latest.plan.steps.length;
    plan_accurate = {
      count: share > thresholds.planAccuracy ? 1 : 0,
      evidence:
        `${latest.plan.steps.length - missed.length} of ${latest.plan.steps.length} steps of the plan at step ${latest.step} were carried out (${Math.round(share * 100)}%, more than ${Math.round(thresholds.planAccuracy * 100)}% earns it)` +
        (missed.length > 0 ? `; not done: ${missed.map((step) => `"${step.text}"`).join(", ")}` : ""),
    };
  }

  const planned = plannedFiles(facts);
  const changed = changedFiles(facts);
  const unplanned = changed.filter((path) => !planned.includes(path));
  const no_unnecessary_changes: SignalFinding =
    plans.length === 0
      ? { count: 0, evidence: "no plan to compare the changes with" }
      : changed.length === 0
        ? { count: 0, evidence: "no file was changed" }
        : {
            count: unplanned.length === 0 ? 1 : 0,
            evidence: unplanned.length === 0 ? `every changed file (${listOf(changed)}) is named in the plan` : `changed files not named in any plan: ${listOf(unplanned)}`,
          };

  const steps = trajectory.steps.length;
  const fewer_iterations: SignalFinding =
    medianSteps === undefined
      ? { count: 0, evidence: "no median step count (no other trajectories of this task)" }
      : { count: steps < medianSteps ? 1 : 0, evidence: `${countOf(steps, "step")}; the task's median is ${medianSteps}` };

  const confident = plans.find((plan) => plan.plan.confidence !== undefined);
  const plan_confidence: SignalFinding = confident
    ? { count: 1, evidence: `step ${confident.step} states confidence ${confident.plan.confidence}` }
    : { count: 0, evidence: plans.length > 0 ? "no plan states a **Confidence**" : "no plan" };

  const needed = thresholds.failedRunsBeforeReplan;
  const trigger = failedAttempts[needed - 1];
  const replan = trigger && plans.find((plan) => plan.step > trigger.step);
  const replan_after_failure: SignalFinding = !trigger
    ? { count: 0, evidence: `${countOf(failedAttempts.length, "failing test run")} after a fix was attempted; re-planning counts after ${needed}` }
    : {
        count: replan ? 1 : 0,
        evidence: replan
          ? `step ${replan.step} wrote a new plan after failing test runs at steps ${listOf(failedAttempts.slice(0, needed).map((call) => String(call.step)))}`
          : `no new plan after the failing test run at step ${trigger.step}`,
      };

  return { plan_present, plan_accurate, no_unnecessary_changes, fewer_iterations, plan_confidence, replan_after_failure };
}

/** Files named in any plan. */
export function plannedFiles({ plans }: Pick<TrajectoryFacts, "plans">): string[] {
  return [...new Set(plans.flatMap((plan) => plan.plan.steps.flatMap((step) => step.files)))];
}

/** The files the agent changed: the final patch's, or what its edits touched when there is no outcome yet. */
export function changedFiles({ patch, calls, trajectory }: Pick<TrajectoryFacts, "patch" | "calls" | "trajectory">): string[] {
  if (trajectory.outcome) return patch.map((file) => file.path);
  return [...new Set(calls.flatMap((call) => call.edited))];
}

/**
 * A plan step was carried out when a later call of the tool it names touched a file it names (an
 * edit of it, a read of it, a test run covering it — any run, for a source file — or a bash
 * command naming it). A step naming only
 * a tool needs a call of that tool; a step naming neither cannot be checked and counts as not done.
 */
function carriedOut(step: PlanStep, calls: TimelineCall[]): boolean {
  // Tools that do the same job stand in for each other (edit for apply_patch, run_tests for run_single_test).
  const kind = step.tool ? callKind(step.tool) : undefined;
  const alike = kind !== undefined && kind !== "git" && kind !== "other";
  const candidates = step.tool ? calls.filter((call) => (alike ? call.kind === kind : call.call.name === step.tool)) : calls;
  if (step.files.length === 0) return step.tool !== undefined && candidates.length > 0;
  return candidates.some((call) => step.files.some((file) => touches(call, file)));
}

function touches(call: TimelineCall, file: string): boolean {
  if (call.edited.includes(file) || call.read?.path === file) return true;
  if (call.testRun && call.testRun.verdict !== "inconclusive") return runCovers(call.testRun, file) || !isTestPath(file);
  if (call.kind === "shell") return String(call.call.arguments.command ?? "").includes(file);
  return false;
}
