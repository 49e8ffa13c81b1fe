import type { KaizenConfig } from "../config/config-schema.js";
import { policyName } from "../judge/cheat-rate.js";
import { trajectoryMessages } from "../export/chat/trajectory-messages.js";
import type { ChatMessage, ToolDefinition } from "../models/chat-client.js";
import { ALL_TOOLS } from "../rollout/tools/all-tools.js";
import { toolDefinitions } from "../rollout/tools/tool-definitions.js";
import type { CurationDecision, PatchReview, ProvenanceTier, Score, Task, Trajectory } from "../schema/records.js";
import { iterateStoredTrajectories } from "../store/iterate-trajectories.js";
import type { RunStore } from "../store/run-store.js";
import { type CurationAudit, countDecision, emptyCurationAudit } from "./curation-audit.js";
import { assignSplits, type LineageAssignment, type Split } from "./lineage-split.js";
import { estimateJaccard } from "./minhash.js";
import { NearDuplicateIndex } from "./near-duplicate-index.js";
import { type TrajectoryFingerprint, trajectoryFingerprint } from "./trajectory-fingerprint.js";
import { UserError } from "../user-error.js";

/** What the provenance policy says about one trajectory (its task included). */
export interface TrajectoryProvenanceVerdict {
  tier: ProvenanceTier;
  stepTiers: ProvenanceTier[];
  /** Why sources got a tier above transparent; rules starting `opt-out:` are owners' opt-outs. */
  rulings: { tier: ProvenanceTier; rule: string; rationale: string; source?: unknown }[];
  summary: CurationDecision["sourceSummary"];
}

export type ProvenanceOfTrajectory = (task: Task, trajectory: Trajectory) => TrajectoryProvenanceVerdict;

export type CurationPolicy = KaizenConfig["curate"] & { seed: number };

export interface CurateRunOptions {
  store: RunStore;
  /** The provenance policy applied to a trajectory; injected so curation does not fix which policy. */
  provenanceOf: ProvenanceOfTrajectory;
  options: CurationPolicy;
  /** Tool definitions counted in each conversation's length; every harness tool by default. */
  tools?: readonly ToolDefinition[];
  now?: Date;
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** A task's side of the split (the private benchmark included), or the contamination that leaves it on none. */
type Placement = Split | Extract<LineageAssignment, { split: "contaminated" }>;

/** A review that keeps its trajectory out of the exports, as the reason curation records. */
type ReviewExclusion = CurationDecision["reasons"][number];

/** The o200k counters; loaded when curation starts (see curateRun). */
type TokenCounter = Pick<typeof import("../rollout/context/count-tokens.js"), "countTokens" | "countMessageTokens">;

/**
 * Trajectories read per query. Small, so a batch's stored text is done with before the garbage
 * collector moves it to the old generation: with 256, peak memory at 100,000 trajectories was
 * tens of MB higher for the same speed.
 */
const READ_BATCH = 32;

/** Decisions are written in one transaction per this many. */
const WRITE_BATCH = 256;

/** One trajectory examined, waiting for its task's samples to be ranked and deduplicated. */
interface Examined {
  /**
   * Copies are looked for among one policy's samples only: a DAgger mix that mostly followed its
   * teacher resembles the teacher's own trajectory, yet its states carry the labels DAgger trains
   * on, and the teacher's rollout is the SFT demonstration. Dropping either loses a dataset.
   */
  policy: string;
  decision: CurationDecision;
  fingerprint: TrajectoryFingerprint;
  reward: number;
  steps: number;
}

/**
 * Decides, for every trajectory in the store, whether it enters the exports and how: excluded for
 * each reason that applies (all are recorded), loss-masked steps under the provenance policy, its
 * label and its task's side of the split. Trajectories stream in task order; each task's samples
 * are ranked best first (reward, then fewer steps, then id) so a duplicate always points at the
 * best copy, which is the one kept. Memory holds one task's examined samples and the duplicate
 * indexes (a hash and a signature per kept trajectory), whatever the run's size.
 *
 * Every decision is recomputed on each run (idempotent); task splits, once assigned, stay.
 */
export async function curateRun({ store, provenanceOf, options, tools = toolDefinitions(ALL_TOOLS), now = new Date(), onProgress }: CurateRunOptions): Promise<CurationAudit> {
  if (!(options.nearDuplicateJaccard > 0)) {
    throw new UserError(`curate.nearDuplicateJaccard is ${options.nearDuplicateJaccard}: every trajectory would be a near-duplicate of every other`, "set it above 0 (0.8 by default; 1 removes only near-verbatim copies)");
  }
  // Imported here, not at the top: `kaizen export` loads this module to curate what is new, and the
  // o200k vocabulary (~70 MB, ~0.2 s) would otherwise be loaded by every export that curates nothing.
  const counter: TokenCounter = await import("../rollout/context/count-tokens.js");
  // Only each task's side (or why it has none) is needed from here, not its lineage keys.
  const splits = new Map<string, Placement>();
  for (const [id, assignment] of assignSplits({ store, evalShare: options.evalShare, seed: options.seed, now })) {
    splits.set(id, assignment.split === "contaminated" ? assignment : assignment.split);
  }
  const total = store.trajectories.count();
  const toolsByName = new Map(tools.map((tool) => [tool.function.name, tool]));
  const dedup = new Deduplicator(options.nearDuplicateJaccard);
  const audit = emptyCurationAudit();
  const reviewExclusions = blockingReviews(store);
  const selectTask = store.db.prepare<[string], { data: string }>("SELECT data FROM tasks WHERE id = ?");
  const deleteDecision = store.db.prepare<[string]>("DELETE FROM curation WHERE trajectory_id = ?");
  const pending: CurationDecision[] = [];
  const flush = () => {
    store.transaction(() => pending.forEach((decision) => store.curation.save(decision)));
    pending.length = 0;
  };

  let group: Examined[] = [];
  let taskId: string | undefined;
  let task: Task | undefined;
  const closeGroup = async () => {
    for (const decision of dedup.decideTask(group)) {
      countDecision(audit, decision);
      pending.push(decision);
    }
    group = [];
    if (pending.length < WRITE_BATCH) return;
    flush();
    // A long run stays responsive: progress bars redraw and Ctrl-C handlers run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  };

  let done = 0;
  for (const { trajectory, score } of iterateStoredTrajectories({ store, batchSize: READ_BATCH })) {
    if (trajectory.taskId !== taskId) {
      await closeGroup();
      taskId = trajectory.taskId;
      const row = selectTask.get(taskId);
      task = row ? (JSON.parse(row.data) as Task) : undefined;
    }
    const assignment = splits.get(trajectory.taskId);
    if (!task || !assignment) {
      audit.orphans.count++;
      audit.orphans.example ??= trajectory.id;
      deleteDecision.run(trajectory.id);
    } else {
      const toolDefinitionsOf = trajectory.tools.flatMap((name) => toolsByName.get(name) ?? []);
      const verdict = provenanceOf(task, trajectory);
      const review = reviewExclusions.get(trajectory.id);
      group.push(examine({ task, trajectory, score, assignment, verdict, review, options, tools: toolDefinitionsOf, counter, curatedAt: now.toISOString() }));
    }
    onProgress?.({ done: ++done, total });
  }
  await closeGroup();
  flush();
  return audit;
}

interface ExamineOptions {
  task: Task;
  trajectory: Trajectory;
  score: Score | undefined;
  assignment: Placement;
  verdict: TrajectoryProvenanceVerdict;
  /** Why the patch review keeps it out, when it does. */
  review: ReviewExclusion | undefined;
  options: CurationPolicy;
  tools: readonly ToolDefinition[];
  counter: TokenCounter;
  curatedAt: string;
}

/** Every reason but duplication, which needs the task's other samples. */
function examine({ task, trajectory, score, assignment, verdict, review, options, tools, counter, curatedAt }: ExamineOptions): Examined {
  const reasons: CurationDecision["reasons"] = [];
  if (!trajectory.outcome) reasons.push({ reason: "unfinished", detail: "no outcome: the rollout is still running or was killed" });
  if (!score) reasons.push({ reason: "unjudged", detail: "no score: run kaizen judge" });
  if (assignment === "benchmark") reasons.push({ reason: "private-benchmark", detail: "its task is in the private benchmark, which never enters a training export" });
  if (review) reasons.push(review);

  const optOuts = verdict.rulings.filter((ruling) => ruling.rule.startsWith("opt-out:"));
  if (optOuts.length > 0) reasons.push({ reason: "opt-out", detail: describeRulings(optOuts) });
  const masked = new Set<number>();
  const applyTier = (tier: "opaque" | "gray", action: "exclude" | "mask" | "keep") => {
    const rulings = verdict.rulings.filter((ruling) => ruling.tier === tier && !ruling.rule.startsWith("opt-out:"));
    // A tier that only opt-outs explain is the opt-out's to report.
    const explainedByOptOut = rulings.length === 0 && optOuts.some((ruling) => ruling.tier === tier);
    const present = rulings.length > 0 || ((verdict.tier === tier || verdict.stepTiers.includes(tier)) && !explainedByOptOut);
    if (!present || action === "keep") return;
    if (action === "exclude") {
      reasons.push({ reason: tier === "opaque" ? "opaque-source" : "gray-source", detail: rulings.length > 0 ? describeRulings(rulings) : `${tier} under the provenance policy` });
    } else {
      verdict.stepTiers.forEach((stepTier, index) => stepTier === tier && masked.add(trajectory.steps[index]?.index ?? index));
    }
  };
  applyTier("opaque", options.opaque);
  applyTier("gray", options.gray);

  if (typeof assignment !== "string") reasons.push({ reason: "contaminated", detail: assignment.contaminatedBy });
  const tokens = conversationTokens({ trajectory, tools, counter });
  const limit = options.maxTokens ?? trajectory.settings?.contextWindow;
  if (limit !== undefined && tokens > limit) {
    reasons.push({ reason: "over-length", detail: `${tokens} tokens, over the ${options.maxTokens ? "configured limit" : "trajectory's context window"} of ${limit}` });
  }

  const decision: CurationDecision = {
    trajectoryId: trajectory.id,
    taskId: task.id,
    repo: task.repo,
    split: exportSide(typeof assignment === "string" ? assignment : assignment.nearest),
    included: reasons.length === 0,
    reasons,
    label: score?.resolved && score.hackFlags.length === 0 ? "positive" : "negative",
    tier: verdict.tier,
    stepTiers: verdict.stepTiers,
    maskedSteps: [...masked].sort((a, b) => a - b),
    tokens,
    sourceSummary: verdict.summary,
    curatedAt,
  };
  return { decision, fingerprint: trajectoryFingerprint({ trajectory }), reward: score?.reward ?? Number.NEGATIVE_INFINITY, steps: trajectory.steps.length, policy: policyName(trajectory) };
}

/**
 * The conversation's length as exported, in o200k tokens: its messages and the definitions of the
 * tools it was offered. Reasoning is counted too: the harness never sent it back, but training
 * formats keep it, and a trainer's sequence must hold it.
 */
export function conversationTokens({ trajectory, tools, counter }: { trajectory: Trajectory; tools: readonly ToolDefinition[]; counter: TokenCounter }): number {
  let reasoning = 0;
  const messages: ChatMessage[] = trajectoryMessages(trajectory).map((message) => {
    if (message.role === "assistant") {
      reasoning += message.reasoning ? counter.countTokens(message.reasoning) : 0;
      return { role: "assistant", content: message.content, ...(message.tool_calls.length > 0 ? { tool_calls: message.tool_calls } : {}) };
    }
    if (message.role === "tool") return { role: "tool", content: message.content, tool_call_id: message.tool_call_id, name: message.name };
    return { role: message.role, content: message.content };
  });
  return counter.countMessageTokens({ messages, tools }) + reasoning;
}

/** The side a decision records: a private-benchmark task's trajectories are recorded as eval (and excluded). */
function exportSide(split: Split): CurationDecision["split"] {
  return split === "benchmark" ? "eval" : split;
}

/**
 * What a patch review says about its trajectory's place in the exports: nothing once accepted
 * (by a person or automatically), held back while it waits for sign-off, out once rejected.
 */
export function reviewExclusion(review: PatchReview | undefined): ReviewExclusion | undefined {
  if (!review) return undefined;
  if (review.decision?.status === "rejected") {
    return { reason: "review-rejected", detail: `rejected by ${review.decision.by}${review.decision.note ? `: ${review.decision.note}` : ""}` };
  }
  if (review.verdict === "needs-sign-off" && !review.decision) {
    return { reason: "awaiting-sign-off", detail: `needs sign-off (${review.reasons.join("; ") || "no reason given"}): kaizen review records a decision` };
  }
  return undefined;
}

/**
 * The reviews that exclude their trajectory, by trajectory id. Only those waiting or decided can,
 * and the reviews table's columns pick them out, so a run's many auto-accepted reviews stay unread.
 */
function blockingReviews(store: RunStore): Map<string, ReviewExclusion> {
  const rows = store.db.prepare<[], { data: string }>("SELECT data FROM reviews WHERE verdict = 'needs-sign-off' OR decided = 1").all();
  const exclusions = new Map<string, ReviewExclusion>();
  for (const row of rows) {
    // Validated when written, like every record read on this path.
    const review = JSON.parse(row.data) as PatchReview;
    const exclusion = reviewExclusion(review);
    if (exclusion) exclusions.set(review.trajectoryId, exclusion);
  }
  return exclusions;
}

function describeRulings(rulings: TrajectoryProvenanceVerdict["rulings"]): string {
  const rules = [...new Set(rulings.map((ruling) => ruling.rule))];
  const first = rulings[0]!;
  return `${rules.join(", ")}: ${first.rationale}${rulings.length > 1 ? ` (and ${rulings.length - 1} more)` : ""}`;
}

/**
 * Exact and near-duplicate removal. Only kept trajectories are remembered, so a duplicate always
 * names a copy that is in the exports. Run-scoped fingerprints are compared across the whole run,
 * task-scoped ones (no patch, or too short) only within their task (see TrajectoryFingerprint).
 * A copy with the other label is not a duplicate: the same actions failing an impossible variant
 * of a task teach the opposite of them passing the task itself.
 */
class Deduplicator {
  /** Per label and policy, the kept trajectory of each exact fingerprint. */
  private readonly exact = new Map<string, Map<string, string>>();
  private readonly near = new Map<string, NearDuplicateIndex>();

  constructor(private readonly threshold: number) {}

  private exactFor(kind: string): Map<string, string> {
    let keys = this.exact.get(kind);
    if (!keys) this.exact.set(kind, (keys = new Map()));
    return keys;
  }

  private nearIndex(key: string): NearDuplicateIndex {
    let index = this.near.get(key);
    if (!index) this.near.set(key, (index = new NearDuplicateIndex({ threshold: this.threshold })));
    return index;
  }

  /** One task's samples, best first, with duplicate reasons added. */
  decideTask(group: Examined[]): CurationDecision[] {
    group.sort((a, b) => b.reward - a.reward || a.steps - b.steps || (a.decision.trajectoryId < b.decision.trajectoryId ? -1 : 1));
    const taskExact = new Map<string, string>();
    const taskKept: { id: string; kind: string; signature: Uint32Array }[] = [];
    return group.map(({ decision, fingerprint, policy }) => {
      const kind = `${decision.label}|${policy}`;
      const exactKeys = fingerprint.scope === "run" ? this.exactFor(kind) : taskExact;
      const exactKey = fingerprint.scope === "run" ? fingerprint.exact : `${kind}:${fingerprint.exact}`;
      const copyOf = exactKeys.get(exactKey);
      if (copyOf !== undefined) {
        decision.reasons.push({ reason: "duplicate", detail: `the same patch and actions as ${copyOf}` });
        decision.duplicateOf = copyOf;
      } else if (fingerprint.signature) {
        const signature = fingerprint.signature;
        const local = taskKept
          .filter((kept) => kept.kind === kind)
          .map((kept) => ({ id: kept.id, similarity: estimateJaccard(signature, kept.signature) }))
          .find((kept) => kept.similarity >= this.threshold);
        const near = local ?? (fingerprint.scope === "run" ? this.nearIndex(kind).find(signature) : undefined);
        if (near) {
          decision.reasons.push({ reason: "near-duplicate", detail: `estimated Jaccard ${near.similarity.toFixed(2)} with ${near.id} over patch and actions` });
          decision.duplicateOf = near.id;
        }
      }
      decision.included = decision.reasons.length === 0;
      if (decision.included) {
        exactKeys.set(exactKey, decision.trajectoryId);
        if (fingerprint.signature) {
          taskKept.push({ id: decision.trajectoryId, kind, signature: fingerprint.signature });
          if (fingerprint.scope === "run") this.nearIndex(kind).store(decision.trajectoryId, fingerprint.signature);
        }
      }
      return decision;
    });
  }
}
