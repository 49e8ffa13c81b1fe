import { randomBytes } from "node:crypto";
import type { Round } from "../schema/records.js";
import { KAIZEN_VERSION } from "../version.js";
import { finishedRounds, openRound, runStage } from "./round-ledger.js";
import { ROUND_STAGES, stageWork, type LoopContext } from "./round-stages.js";
import { roundSummary, summaryLines } from "./round-summary.js";

export interface RunLoopOptions extends LoopContext {
  /** The run ends with this many finished rounds in the store; a killed round is resumed first. */
  rounds: number;
  onRoundFinished?: (round: Round, lines: string[]) => void;
}

export interface LoopOutcome {
  runId: string;
  /** Rounds this invocation worked on (a resumed one included). */
  rounds: Round[];
  resumed: boolean;
  /** Finished rounds in the store before this invocation. */
  alreadyFinished: number;
}

/**
 * Self-improvement rounds end to end: tasks (mined and injected, then acquired where the last
 * round found gaps) → private benchmark and splits → rollout → judge → review → curate and export
 * → eval → learn. Each stage is recorded in its round as it starts and ends, so a loop killed at
 * any point resumes at the stage it was in, and every stage writes under deterministic ids, so
 * nothing is recorded twice.
 */
export async function runLoop(options: RunLoopOptions): Promise<LoopOutcome> {
  const { store, context } = options;
  const alreadyFinished = finishedRounds(store).length;
  const runId = `run-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  store.runs.save({
    id: runId,
    createdAt: new Date().toISOString(),
    kaizenVersion: KAIZEN_VERSION,
    command: "loop",
    sandboxed: options.sandbox,
    notes: options.sandbox ? [] : ["repository code ran without the sandbox (--no-sandbox)"],
  });
  const worked: Round[] = [];
  let resumedAny = false;
  while (finishedRounds(store).length < options.rounds) {
    const { round: opened, resumed } = openRound({ store, runId, repos: options.repos.map((repo) => repo.path) });
    resumedAny ||= resumed;
    if (resumed) context.log(`resuming round ${opened.index} (stages done: ${opened.stages.filter((stage) => stage.status === "done").map((stage) => stage.name).join(", ") || "none"})`);
    const previous = finishedRounds(store).find((round) => round.index === opened.index - 1);
    let round = opened;
    for (const name of ROUND_STAGES) {
      const outcome = await runStage({
        store,
        round,
        name,
        work: stageWork(options, round, previous, name),
        onStart: (afterKill) => afterKill && context.log(`round ${round.index}: stage ${name} was interrupted; running it again (what it stored is kept)`),
      });
      round = outcome.round;
    }
    const summary = roundSummary(store, round);
    round = store.rounds.save({ ...round, status: "finished", finishedAt: new Date().toISOString(), summary });
    worked.push(round);
    options.onRoundFinished?.(round, summaryLines(round));
  }
  return { runId, rounds: worked, resumed: resumedAny, alreadyFinished };
}
