import { loadConfig } from "../../config/load-config.js";
import { REASON_KINDS, reasonKind } from "../../review/decide-verdict.js";
import { recordDecision, ReviewNotFoundError } from "../../review/record-decision.js";
import { reviewPatches, unreviewedResolved } from "../../review/review-patches.js";
import { loadReviewPolicy, reviewPolicyYaml } from "../../review/review-policy.js";
import { openRunStore, runStoreExists, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandContext, CommandHandler, CommandResult, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";

export type ReviewOptions = CommonOptions & {
  policy?: string;
  printPolicy?: boolean;
  jobs?: string;
  sandbox?: boolean;
  note?: string;
  by?: string;
};

const ACTIONS = ["list", "run", "accept", "reject", "show"];

export class ReviewUsageError extends UserError {
  constructor(readonly detail: string) {
    super(detail, "kaizen review [list] | run [--policy FILE] [--jobs N] [--no-sandbox] | accept ID [--note TEXT] [--by NAME] | reject ID --note TEXT [--by NAME] | show ID | --print-policy");
  }
}

/** `kaizen review ACTION`: the auditor over resolved patches, and the queue of those awaiting a human's sign-off. */
export const reviewCommand: CommandHandler<ReviewOptions> = async (context, args, options) => {
  const [action = "list", id] = args;
  if (!ACTIONS.includes(action)) throw new ReviewUsageError(`unknown action ${action} (actions: ${ACTIONS.join(", ")})`);
  const policy = loadReviewPolicy({ file: options.policy });
  if (options.printPolicy) return { exitCode: 0, data: policy, human: [reviewPolicyYaml(policy).trimEnd()] };
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}, so no patches to review`, "roll out and judge first (kaizen demo does everything), or pass --run DIR");
  const store = openRunStore({ dir: context.runDir, mustExist: true });
  try {
    if (action === "run") return await run(context, store, options, policy);
    if (action === "list") return list(store);
    if (!id) throw new ReviewUsageError(`review ${action} needs a trajectory id (kaizen review lists them)`);
    if (action === "show") return show(store, id);
    const { review, previous } = recordDecision({ store, id, status: action === "accept" ? "accepted" : "rejected", by: options.by ?? (process.env.USER || "unknown"), note: options.note });
    const decision = review.decision!;
    return {
      exitCode: 0,
      data: review,
      human: [
        `${review.trajectoryId}: ${decision.status} by ${decision.by}${decision.note ? ` (${decision.note})` : ""}`,
        ...(previous ? [`  replaces the earlier decision: ${previous.status} by ${previous.by} at ${previous.decidedAt}`] : []),
        decision.status === "rejected" ? "  rejected patches are left out of every export" : "  the patch may now be exported",
      ],
    };
  } finally {
    store.close();
  }
};

async function run(context: CommandContext, store: RunStore, options: ReviewOptions, policy: ReturnType<typeof loadReviewPolicy>): Promise<CommandResult> {
  const { config } = loadConfig({ runDir: context.runDir });
  const sandbox = options.sandbox === false ? false : config.sandbox.enabled;
  let bar: ReturnType<typeof startProgress> | undefined;
  const reviews = await reviewPatches({
    runDir: context.runDir,
    config,
    store,
    policy,
    sandbox,
    jobs: positiveJobs(options.jobs),
    onProgress: (done, total) => {
      bar ??= startProgress({ label: "reviewing", total });
      bar.update(done);
    },
    onWarning: context.log,
  });
  bar?.stop();
  const needing = reviews.filter((review) => review.verdict === "needs-sign-off");
  const byReason = Object.fromEntries(REASON_KINDS.map((kind) => [kind, needing.filter((review) => review.reasons.some((reason) => reasonKind(reason) === kind)).length]).filter(([, n]) => n));
  const skipped = new Map<string, number>();
  for (const review of reviews) for (const check of review.checks) if (check.status === "skipped") skipped.set(`${check.name}: ${check.detail}`, (skipped.get(`${check.name}: ${check.detail}`) ?? 0) + 1);
  const counts = { reviewed: reviews.length, autoAccepted: reviews.length - needing.length, needsSignOff: needing.length, byReason, skippedChecks: Object.fromEntries(skipped) };
  const human = [
    `reviewed ${countOf(reviews.length, "resolved patch", "resolved patches")} under the ${options.policy ? `review policy ${options.policy}` : "built-in review policy"}`,
    ...(sandbox ? [] : ["warning: the static checks ran without the sandbox (--no-sandbox)"]),
    `  auto-accepted   ${counts.autoAccepted}`,
    `  needs sign-off  ${counts.needsSignOff}`,
    ...Object.entries(byReason).map(([kind, n]) => `    ${kind.padEnd(16)}${n}`),
    ...[...skipped].map(([what, n]) => `  skipped ${what} (${countOf(n, "patch", "patches")})`),
    needing.length ? "kaizen review lists the patches awaiting sign-off" : "nothing awaits sign-off",
  ];
  return { exitCode: 0, data: { ...counts, reviews }, human };
}

function list(store: RunStore): CommandResult {
  const reviews = store.reviews.list();
  const queue = reviews.filter((review) => review.verdict === "needs-sign-off" && !review.decision);
  const counts = {
    awaitingSignOff: queue.length,
    autoAccepted: reviews.filter((review) => review.verdict === "auto-accepted" && !review.decision).length,
    accepted: reviews.filter((review) => review.decision?.status === "accepted").length,
    rejected: reviews.filter((review) => review.decision?.status === "rejected").length,
    unreviewed: unreviewedResolved(store).length,
  };
  const human = queue.flatMap((review) => [
    `${review.trajectoryId}  task ${review.taskId} (${review.repo})`,
    ...review.reasons.map((reason) => `  needs sign-off: ${reason}`),
    ...review.checks.filter((check) => check.status === "failed").map((check) => `  ${check.name} failed: ${check.detail}`),
    ...(review.sensitivePaths.length ? [`  sensitive paths: ${review.sensitivePaths.join(", ")}`] : []),
    `  see it: kaizen review show ${review.trajectoryId} (or kaizen trajectories show ${review.trajectoryId})`,
    `  decide: kaizen review accept ${review.trajectoryId} [--note TEXT]  |  kaizen review reject ${review.trajectoryId} --note TEXT`,
  ]);
  human.push(
    `${countOf(queue.length, "patch awaits", "patches await")} sign-off; ${counts.autoAccepted} auto-accepted, ${counts.accepted} accepted and ${counts.rejected} rejected by a human`,
    ...(counts.unreviewed ? [`${countOf(counts.unreviewed, "resolved patch has", "resolved patches have")} no review yet: kaizen review run`] : []),
  );
  return { exitCode: 0, data: { queue, counts }, human };
}

function show(store: RunStore, id: string): CommandResult {
  const review = store.reviews.get(id);
  const trajectory = store.trajectories.get(id);
  if (!review) throw new ReviewNotFoundError(id, trajectory !== undefined);
  const patch = trajectory?.outcome?.patch ?? "";
  const { decision } = review;
  const human = [
    `review of ${review.trajectoryId}  task ${review.taskId} (${review.repo})  reviewed ${review.reviewedAt}`,
    `verdict: ${review.verdict}`,
    ...review.reasons.map((reason) => `  ${reason}`),
    "checks:",
    ...review.checks.map((check) => `  ${check.status.padEnd(7)} ${check.name}: ${check.detail}`),
    `diff: ${countOf(review.diff.files, "file", "files")}, ${countOf(review.diff.lines, "changed line", "changed lines")}`,
    `sensitive paths: ${review.sensitivePaths.join(", ") || "none"}`,
    decision
      ? `decision: ${decision.status} by ${decision.by} at ${decision.decidedAt}${decision.note ? `: ${decision.note}` : ""}`
      : review.verdict === "needs-sign-off"
        ? `decision: none yet (kaizen review accept ${id} | kaizen review reject ${id} --note TEXT)`
        : "decision: none needed (auto-accepted)",
    "patch:",
    patch.trimEnd() || "(empty)",
  ];
  return { exitCode: 0, data: { review, patch }, human };
}

function positiveJobs(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UserError(`--jobs expects a positive whole number, not "${text}"`, "for example --jobs 2");
  return value;
}

function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
