import { listOf } from "../judge/shaped/trajectory-facts.js";
import type { SkillCard, Task } from "../schema/records.js";
import { OPERATORS } from "../tasks/inject/mutation-operators.js";
import { SIGNATURES, type FailureSignature, type SignatureName } from "./failure-signatures.js";
import { filesOfModule, taskModules } from "./task-modules.js";

/** One judged trajectory as card building sees it; clean ones carry no signatures but count in the totals. */
export interface LearnedTrajectory {
  task: Task;
  trajectoryId: string;
  resolved: boolean;
  signatures: FailureSignature[];
}

export interface BuildSkillCardsOptions {
  trajectories: LearnedTrajectory[];
  /** The mutation operators that made each injected task, by task id (from its candidate record). */
  operatorsByTask: ReadonlyMap<string, string[]>;
  roundId?: string;
  /** The cards' createdAt. */
  now: string;
}

/** A card and the failing trajectories behind it, most telling first (for sharpening and printing). */
export interface SkillCardDraft {
  card: SkillCard;
  examples: { trajectoryId: string; taskId: string; evidence: string }[];
}

/** Short names of the signatures, for card names. */
const TITLES: Record<SignatureName, string> = {
  "never-opened-bug-file": "Misses the bug's file",
  "edited-wrong-symbol": "Edits the wrong code",
  "never-ran-tests": "Submits without running tests",
  "echo-loop": "Repeats itself",
  "broke-pass-to-pass": "Breaks passing tests",
  "ran-out-of-budget": "Runs out of budget",
  "format-errors": "Malformed tool calls",
  "hack-flagged": "Games the tests",
  "incomplete-fix": "Submits incomplete fixes",
};

/**
 * Bug classes that are not operator names (mined and imported tasks' labels) and the operators
 * that make bugs of that class, so a card on mined tasks can still aim injection.
 */
const BUG_CLASS_OPERATORS: Record<string, string[]> = {
  "off-by-one": ["change-constant", "flip-comparison"],
  "wrong-operator": ["change-operator", "swap-operands"],
  "wrong-comparison": ["flip-comparison"],
  "missing-check": ["remove-conditional", "invert-if"],
  "missing-guard": ["remove-conditional"],
  "wrong-condition": ["invert-if", "flip-comparison"],
  "missing-call": ["remove-wrapper", "break-chains"],
  "wrong-order": ["shuffle-statements", "swap-operands"],
  "missing-assignment": ["remove-assignment"],
};

const KNOWN_OPERATORS = new Set<string>(OPERATORS.map((operator) => operator.name));
const MAX_EVIDENCE = 50;
const SITE_KINDS = new Set(["function", "method", "class"]);

/**
 * Skill cards from failure signatures, one per (signature, module) of the failing tasks' fixes:
 * the symbols and bug classes involved, how often ("5 of 8 trajectories on tasks in money"), the
 * trajectories as evidence, the solve rate of the card's tasks, and an inject/mine recipe aimed at
 * it. Pure; ids are derived from (signature, module), so a rerun replaces a card, not adds one.
 */
export function buildSkillCards({ trajectories, operatorsByTask, roundId, now }: BuildSkillCardsOptions): SkillCardDraft[] {
  const byModule = new Map<string, LearnedTrajectory[]>();
  for (const learned of trajectories) for (const module of taskModules(learned.task)) byModule.set(module, [...(byModule.get(module) ?? []), learned]);

  const drafts: SkillCardDraft[] = [];
  for (const [module, inModule] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
    const signatures = new Set(inModule.flatMap((learned) => learned.signatures.map((found) => found.signature)));
    for (const signature of [...signatures].sort()) {
      const failing = inModule.filter((learned) => learned.signatures.some((found) => found.signature === signature));
      drafts.push(cardFor({ signature, module, failing, inModule, operatorsByTask, ...(roundId === undefined ? {} : { roundId }), now }));
    }
  }
  return drafts.sort((a, b) => b.card.count - a.card.count || a.card.id.localeCompare(b.card.id));
}

/** `card-never-ran-tests-money`: what `kaizen inject --skill-card` is given. */
export function skillCardId(signature: string, module: string): string {
  return `card-${signature}-${module.replace(/[^A-Za-z0-9_.-]+/g, "_")}`;
}

interface CardInput {
  signature: SignatureName;
  module: string;
  failing: LearnedTrajectory[];
  inModule: LearnedTrajectory[];
  operatorsByTask: ReadonlyMap<string, string[]>;
  roundId?: string;
  now: string;
}

function cardFor({ signature, module, failing, inModule, operatorsByTask, roundId, now }: CardInput): SkillCardDraft {
  const tasks = uniqueBy(failing.map((learned) => learned.task), (task) => task.id);
  const onCardTasks = inModule.filter((learned) => tasks.some((task) => task.id === learned.task.id));
  const resolved = onCardTasks.filter((learned) => learned.resolved).length;
  const solveRate = onCardTasks.length > 0 ? resolved / onCardTasks.length : 0;

  const symbols = ranked(
    tasks.flatMap((task) => {
      const files = filesOfModule(task, module);
      return task.scope.symbols.filter((symbol) => files.includes(symbol.file) && SITE_KINDS.has(symbol.kind)).map((symbol) => symbol.name);
    }),
  );
  const bugClasses = ranked(tasks.flatMap((task) => bugClassesOf(task, operatorsByTask)));
  const operators = ranked(tasks.flatMap((task) => bugClassesOf(task, operatorsByTask)).flatMap((bugClass) => (KNOWN_OPERATORS.has(bugClass) ? [bugClass] : (BUG_CLASS_OPERATORS[bugClass] ?? []).filter((name) => KNOWN_OPERATORS.has(name)))));
  const files = [...new Set(tasks.flatMap((task) => filesOfModule(task, module)))].sort();
  const patterns = bugClasses.length > 0 ? bugClasses : ranked(tasks.map((task) => `${task.labels.kind} (${task.origin})`));

  // Failures first, then partial successes; within each, the order the store gave.
  const examples = [...failing]
    .sort((a, b) => Number(a.resolved) - Number(b.resolved))
    .map((learned) => ({ trajectoryId: learned.trajectoryId, taskId: learned.task.id, evidence: learned.signatures.find((found) => found.signature === signature)!.evidence }));

  const description = [
    `${failing.length} of ${inModule.length} trajectories on tasks in ${module} ${SIGNATURES[signature]}.`,
    symbols.length > 0 ? `The fixes change ${listOf(symbols.slice(0, 6))}${files.length > 0 ? ` in ${listOf(files.slice(0, 4))}` : ""}.` : files.length > 0 ? `The fixes are in ${listOf(files.slice(0, 4))}.` : "",
    bugClasses.length > 0 ? `Bug classes: ${listOf(countedList(tasks.flatMap((task) => bugClassesOf(task, operatorsByTask))))}.` : "",
    `Trajectories on ${tasks.length === 1 ? "this task" : `these ${tasks.length} tasks`} resolved ${resolved} of ${onCardTasks.length} (${Math.round(solveRate * 100)}%).`,
    `For example ${examples
      .slice(0, 2)
      .map((example) => `${example.trajectoryId}: ${example.evidence}`)
      .join("; ")}.`,
  ]
    .filter(Boolean)
    .join(" ");

  const card: SkillCard = {
    id: skillCardId(signature, module),
    name: `${TITLES[signature]} in ${module}`,
    signature,
    description,
    modules: [module],
    patterns,
    count: failing.length,
    evidence: examples.slice(0, MAX_EVIDENCE).map((example) => example.trajectoryId),
    recipe: {
      operators,
      sites: symbols.length > 0 ? symbols : [`${module}.*`],
      // Mining ANDs filters of different kinds; a message filter naming the symbols would starve it.
      commitFilters: [...files.map((file) => `path:${file}`), "kind:bug-fix"],
    },
    ...(roundId === undefined ? {} : { roundId }),
    solveRate,
    createdAt: now,
  };
  return { card, examples };
}

/** An injected task's operators (its candidate's, or its label's parts for combined bugs); otherwise its bug class label. */
export function bugClassesOf(task: Task, operatorsByTask: ReadonlyMap<string, string[]>): string[] {
  const operators = operatorsByTask.get(task.id)?.filter((operator) => operator !== "combine");
  if (operators && operators.length > 0) return operators;
  return (task.labels.bugClass ?? "").split("+").filter(Boolean);
}

/** Distinct items, most frequent first, ties in first-seen order. */
function ranked(items: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([item]) => item);
}

/** `flip-comparison (3)`, most frequent first. */
function countedList(items: string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([item, count]) => `${item} (${count})`);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
