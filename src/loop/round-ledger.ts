import type { Round, RoundStage } from "../schema/records.js";
import type { RunStore } from "../store/run-store.js";

/** A stage's outcome as stored in its round: anything JSON that later stages and the report read. */
export type StageResult = Record<string, unknown>;

/**
 * The round a loop works on: the newest one if a killed loop left it unfinished (so it resumes),
 * otherwise a new one with the next index. Round indices count from 1 over the store's life, so
 * the benchmark's longitudinal table reads in order across separate `kaizen loop` invocations.
 */
export function openRound({ store, runId, repos, now = new Date() }: { store: RunStore; runId: string; repos: string[]; now?: Date }): { round: Round; resumed: boolean } {
  const latest = latestRound(store);
  if (latest && latest.status !== "finished") {
    const resumed: Round = { ...latest, status: "running" };
    store.rounds.save(resumed);
    return { round: resumed, resumed: true };
  }
  const index = (latest?.index ?? 0) + 1;
  const round = store.rounds.save({ id: `round-${index}`, runId, index, status: "running", repos, stages: [], startedAt: now.toISOString(), summary: {} });
  return { round, resumed: false };
}

export function latestRound(store: RunStore): Round | undefined {
  return store.rounds.list().sort((a, b) => b.index - a.index)[0];
}

export function finishedRounds(store: RunStore): Round[] {
  return store.rounds.list().filter((round) => round.status === "finished").sort((a, b) => a.index - b.index);
}

/** The result a stage stored in this round, if it finished. */
export function stageResult(round: Round, name: string): StageResult | undefined {
  const stage = round.stages.find((candidate) => candidate.name === name);
  return stage?.status === "done" ? stage.result : undefined;
}

/**
 * Runs one stage of a round at most once: a stage already done (by this process or one that was
 * killed later) returns its stored result; a stage that was running when its process died runs
 * again, which every stage tolerates because each writes records under deterministic ids.
 * The round is saved before and after, so a crash leaves it saying where it stopped.
 */
export async function runStage({
  store,
  round,
  name,
  work,
  onStart,
}: {
  store: RunStore;
  round: Round;
  name: string;
  work: () => Promise<StageResult>;
  onStart?: (resumedAfterKill: boolean) => void;
}): Promise<{ round: Round; result: StageResult; skipped: boolean }> {
  const done = stageResult(round, name);
  if (done) return { round, result: done, skipped: true };
  const previous = round.stages.find((stage) => stage.name === name);
  onStart?.(previous?.status === "running");
  const started: RoundStage = { name, status: "running", startedAt: new Date().toISOString(), result: {} };
  let current = store.rounds.save(withStage(round, started));
  try {
    const result = await work();
    current = store.rounds.save(withStage(current, { ...started, status: "done", finishedAt: new Date().toISOString(), result }));
    return { round: current, result, skipped: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    store.rounds.save(withStage(current, { ...started, status: "failed", finishedAt: new Date().toISOString(), error: message }));
    throw error;
  }
}

function withStage(round: Round, stage: RoundStage): Round {
  const others = round.stages.filter((candidate) => candidate.name !== stage.name);
  return { ...round, stages: [...others, stage] };
}
