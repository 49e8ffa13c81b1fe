import { resolve } from "node:path";
import type { CommitFacts } from "../tasks/read-commit.js";
import { DEFAULT_OPERATORS, OPERATORS, type OperatorName } from "../tasks/inject/mutation-operators.js";
import { acquireCommitFilter } from "./acquire-commit-filter.js";
import type { AcquisitionTarget } from "./acquisition-target.js";

/** A repository the run may take tasks from: a local clone, and the name the user knows it by. */
export interface AcquisitionRepo {
  path: string;
  name: string;
}

export type AcquisitionMethod = "inject" | "mine";

/** One way of getting tasks for a target: a method on one repository. */
export interface AcquisitionWay {
  method: AcquisitionMethod;
  repo: AcquisitionRepo;
}

export interface AcquisitionPlan {
  /** In turn order: inject and mine alternate, the target's own repositories first. */
  ways: AcquisitionWay[];
  /** The target's known operators (all defaults when it names sites but no operator). */
  operators: OperatorName[];
  /** Sites to aim injection at; empty means any function the tests import. */
  symbols: string[];
  commitFilter?: (commit: CommitFacts) => boolean;
  /** What in the target could not be used: unknown operators, malformed filters, unknown repositories. */
  problems: string[];
}

/**
 * How a target can be served. Injection needs a bug class or sites to aim at and mining needs a
 * commit filter: acquiring unaimed would add tasks outside the category and call them found.
 */
export function planAcquisition({ target, repos }: { target: AcquisitionTarget; repos: readonly AcquisitionRepo[] }): AcquisitionPlan {
  const problems: string[] = [];
  const known = new Set<string>(OPERATORS.map((op) => op.name));
  const unknown = target.operators.filter((name) => !known.has(name));
  if (unknown.length > 0) problems.push(`unknown mutation operator ${unknown.join(", ")}`);
  const operators = target.operators.filter((name): name is OperatorName => known.has(name));
  const injects = operators.length > 0 || (target.operators.length === 0 && target.sites.length > 0);
  const filter = target.commitFilters.length > 0 ? acquireCommitFilter({ filters: target.commitFilters }) : undefined;
  problems.push(...(filter?.problems ?? []));
  const mines = filter?.accepts !== undefined;
  if (target.operators.length === 0 && target.sites.length === 0 && target.commitFilters.length === 0) {
    problems.push("no operators, sites or commit filters to aim with");
  }

  const chosen = chooseRepos(target.repos, repos);
  if (chosen.unmatched.length > 0) problems.push(`repository ${chosen.unmatched.join(", ")} is not among the run's (${repos.map((repo) => repo.name).join(", ") || "none"})`);
  const ways = chosen.repos.flatMap((repo): AcquisitionWay[] => [
    ...(injects ? [{ method: "inject" as const, repo }] : []),
    ...(mines ? [{ method: "mine" as const, repo }] : []),
  ]);
  return {
    ways,
    operators: operators.length > 0 ? operators : [...DEFAULT_OPERATORS],
    symbols: [...target.sites],
    ...(filter?.accepts ? { commitFilter: filter.accepts } : {}),
    problems,
  };
}

/** The target's repositories (by name or path) in its order, or every repository when it names none. */
function chooseRepos(wanted: readonly string[], repos: readonly AcquisitionRepo[]) {
  if (wanted.length === 0) return { repos: [...repos], unmatched: [] };
  const matches = (entry: string, repo: AcquisitionRepo) => entry === repo.name || resolve(entry) === resolve(repo.path);
  const chosen = wanted.flatMap((entry) => repos.filter((repo) => matches(entry, repo)));
  return { repos: [...new Set(chosen)], unmatched: wanted.filter((entry) => !repos.some((repo) => matches(entry, repo))) };
}

export interface NextAcquisitionStepOptions {
  ways: readonly AcquisitionWay[];
  /** Indexes of ways that can give nothing more (no sites, no passing tests, every commit mined). */
  exhausted: ReadonlySet<number>;
  /** The target's attempts so far, in order. */
  attempts: readonly { way: number; newTasks: number }[];
  found: number;
  want: number;
  plateauAttempts: number;
  maxAttempts?: number;
}

export type AcquisitionStep = { next: number } | { stop: { plateau: boolean; why: string } };

/**
 * What to do next for a target: the next way in turn that is not exhausted, or stop — wanted
 * reached, a plateau (`plateauAttempts` attempts in a row made nothing new, or nothing is left
 * to try), or the attempt budget spent.
 */
export function nextAcquisitionStep({ ways, exhausted, attempts, found, want, plateauAttempts, maxAttempts }: NextAcquisitionStepOptions): AcquisitionStep {
  if (found >= want) return { stop: { plateau: false, why: `found ${found} of ${want} wanted` } };
  if (ways.length === 0) return { stop: { plateau: true, why: "there is no way to look for it" } };
  const last = attempts.at(-1)?.way ?? -1;
  const next = ways.map((_, offset) => (last + 1 + offset) % ways.length).find((index) => !exhausted.has(index));
  if (next === undefined) return { stop: { plateau: true, why: "every way of looking is exhausted" } };
  const trailingEmpty = attempts.length - 1 - attempts.findLastIndex((attempt) => attempt.newTasks > 0);
  if (trailingEmpty >= plateauAttempts) return { stop: { plateau: true, why: `${plateauAttempts} attempts in a row made no new task` } };
  if (maxAttempts !== undefined && attempts.length >= maxAttempts) return { stop: { plateau: false, why: `stopped after ${attempts.length} attempts, the limit per target` } };
  return { next };
}
