import type { ChatClient } from "../models/chat-client.js";
import { renderTranscript } from "../rollout/render-transcript.js";
import type { Score, SkillCard, Task, Trajectory } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";
import { UserError } from "../user-error.js";
import { buildSkillCards, type LearnedTrajectory, type SkillCardDraft } from "./build-skill-cards.js";
import { failureSignatures, trajectoryStanding } from "./failure-signatures.js";
import { operatorsByTask } from "./operators-by-task.js";
import { sharpenSkillCard } from "./sharpen-skill-card.js";

export class NoJudgedTrajectoriesError extends UserError {
  constructor(readonly roundId: string | undefined) {
    super(
      roundId === undefined ? "no judged trajectories in this run store to learn from" : `no judged trajectories of round ${roundId} to learn from`,
      "roll out and judge first: kaizen rollout …, then kaizen judge (kaizen learn reads their scores)",
    );
  }
}

export interface LearnSkillCardsOptions {
  store: RunStore;
  /** Written on the cards; with onlyRound, also which trajectories to learn from. */
  roundId?: string;
  /** Learn from the trajectories of roundId only, not from every judged trajectory in the store. */
  onlyRound?: boolean;
  /** A model that rewrites each card's name, description and patterns from its evidence transcripts. */
  sharpen?: ChatClient;
  onWarning?: (message: string) => void;
}

/** Evidence transcripts shown to the sharpening model, and how much of each. */
const EXCERPTS = 3;
const EXCERPT_HEAD_CHARS = 700;
const EXCERPT_TAIL_CHARS = 1500;

/**
 * Reads every judged trajectory, finds the failure signatures of the failed and partly successful
 * ones, groups them into skill cards by (signature, module), optionally sharpens each card with a
 * model, and stores the cards (replacing earlier versions of the same card). Impossible tasks
 * (cheat probes: `kaizen eval --cheat-rate`) and private-benchmark tasks (learning from them would
 * teach to the test) are left out. Returns the cards written, most evidence first.
 */
export async function learnSkillCards(options: LearnSkillCardsOptions): Promise<SkillCard[]> {
  const { store, roundId } = options;
  const benchmark = new Set(store.taskSplits.list({ split: "benchmark" }).map((split) => split.taskId));
  const judged: { task: Task; trajectory: Trajectory; score: Score }[] = [];
  const trajectories = options.onlyRound && roundId !== undefined ? store.trajectories.list({ round_id: roundId, finished: 1 }) : store.trajectories.list({ finished: 1 });
  for (const trajectory of trajectories) {
    const score = store.scores.get(trajectory.id);
    const task = score && store.tasks.get(trajectory.taskId);
    if (!score || !task || task.origin === "impossible" || benchmark.has(task.id)) continue;
    judged.push({ task, trajectory, score });
  }
  if (judged.length === 0) throw new NoJudgedTrajectoriesError(options.onlyRound ? roundId : undefined);

  const learned: LearnedTrajectory[] = judged.map(({ task, trajectory, score }) => ({
    task,
    trajectoryId: trajectory.id,
    resolved: score.resolved,
    signatures: trajectoryStanding(score).standing === "clean" ? [] : failureSignatures({ task, trajectory, score }),
  }));
  const drafts = buildSkillCards({ trajectories: learned, operatorsByTask: operatorsByTask(store), ...(roundId === undefined ? {} : { roundId }), now: new Date().toISOString() });

  const cards = options.sharpen ? await sharpenAll({ drafts, client: options.sharpen, judged, ...(options.onWarning ? { onWarning: options.onWarning } : {}) }) : drafts.map((draft) => draft.card);
  store.transaction(() => {
    for (const card of cards) store.skillCards.save(card);
  });
  return cards;
}

interface SharpenAllOptions {
  drafts: SkillCardDraft[];
  client: ChatClient;
  judged: { task: Task; trajectory: Trajectory }[];
  onWarning?: (message: string) => void;
}

/**
 * Each card sharpened in turn. A bad reply keeps that card as written and warns; a client that
 * fails (unreachable, out of retries) is given up after its first failure, with one warning.
 */
async function sharpenAll({ drafts, client, judged, onWarning }: SharpenAllOptions): Promise<SkillCard[]> {
  const byId = new Map(judged.map((entry) => [entry.trajectory.id, entry]));
  const cards: SkillCard[] = [];
  let failed: string | undefined;
  for (const { card, examples } of drafts) {
    if (failed) {
      cards.push(card);
      continue;
    }
    const excerpts = examples.slice(0, EXCERPTS).flatMap((example) => {
      const entry = byId.get(example.trajectoryId);
      return entry ? [{ trajectoryId: example.trajectoryId, evidence: example.evidence, transcript: transcriptExcerpt(entry.trajectory, entry.task) }] : [];
    });
    try {
      const sharpened = await sharpenSkillCard({ card, client, excerpts });
      if (sharpened.ok) cards.push(sharpened.card);
      else {
        onWarning?.(`kept skill card ${card.id} as written from the facts: ${sharpened.reason}`);
        cards.push(card);
      }
    } catch (error) {
      failed = (error as Error).message.split("\n")[0];
      onWarning?.(`the sharpening model ${client.model} failed, so the remaining cards are kept as written from the facts: ${failed}`);
      cards.push(card);
    }
  }
  return cards;
}

/** The transcript without its prompts, short observations, its start and its end. */
function transcriptExcerpt(trajectory: Trajectory, task: Task): string {
  const { prompt: _prompt, ...withoutPrompt } = trajectory;
  const text = renderTranscript({ trajectory: withoutPrompt, task, maxObservationLines: 3, showMasked: false });
  if (text.length <= EXCERPT_HEAD_CHARS + EXCERPT_TAIL_CHARS) return text;
  return `${text.slice(0, EXCERPT_HEAD_CHARS)}\n[… ${text.length - EXCERPT_HEAD_CHARS - EXCERPT_TAIL_CHARS} characters left out …]\n${text.slice(-EXCERPT_TAIL_CHARS)}`;
}
