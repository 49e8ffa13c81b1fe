import type { SkillCard } from "../schema/records.js";
import { DEFAULT_OPERATORS, OPERATORS } from "../tasks/inject/mutation-operators.js";
import type { AcquisitionTarget } from "./acquisition-target.js";
import type { GapCategory, GapReport } from "./gap-report.js";

export interface AcquisitionTargetsOptions {
  gaps: GapReport;
  cards: SkillCard[];
  /** The repositories the round works on (local paths or store names). */
  repos: string[];
}

const KNOWN_OPERATORS = new Set<string>(OPERATORS.map((operator) => operator.name));
const MINED_KINDS = new Set(["bug-fix", "feature", "refactor"]);
const SMALL_SIZES = new Set(["tiny", "small"]);

/**
 * What the next round should acquire: first a target per skill card (its weakness, aimed by its
 * recipe, most failures at the lowest solve rate first), then one per thin category of the gap
 * report, each translated into inject operators and sites and mining commit filters where the
 * category says something about them. Pure.
 */
export function acquisitionTargets({ gaps, cards, repos }: AcquisitionTargetsOptions): AcquisitionTarget[] {
  const cardCategories = new Map(gaps.categories.filter((category) => category.dimension === "card").map((category) => [category.category, category]));
  const weight = (card: SkillCard) => card.count * (1 - (card.solveRate ?? 0));
  const fromCards = [...cards]
    .sort((a, b) => weight(b) - weight(a) || a.id.localeCompare(b.id))
    .map((card): AcquisitionTarget => {
      const category = cardCategories.get(card.id);
      const tasks = category?.tasks ?? 0;
      const rate = category && category.solveRate !== null ? `, solve rate ${rateText(category)}` : card.solveRate !== undefined ? `, solve rate ${Math.round(card.solveRate * 100)}%` : "";
      return {
        category: `card:${card.id}`,
        why: `skill card "${card.name}": ${card.count} trajector${card.count === 1 ? "y" : "ies"} with ${card.signature} in ${card.modules.join(", ")}${rate}`,
        // As many fresh tasks as failures, and enough for a reliable solve rate.
        want: Math.max(card.count, gaps.minTasks - tasks, 1),
        repos: reposFor(category, repos),
        operators: [...card.recipe.operators],
        sites: [...card.recipe.sites],
        commitFilters: [...card.recipe.commitFilters],
        skillCardId: card.id,
      };
    });
  const fromGaps = gaps.categories.filter((category) => category.thin && category.dimension !== "card").map((category) => targetFor(category, repos));
  return [...fromCards, ...fromGaps];
}

function targetFor(category: GapCategory, repos: string[]): AcquisitionTarget {
  const base: AcquisitionTarget = {
    category: `${category.dimension}:${category.category}`,
    why: category.why.join("; "),
    want: category.want,
    repos,
    operators: [],
    sites: [],
    commitFilters: [],
  };
  switch (category.dimension) {
    case "language": {
      const extensions = [...new Set(category.files.flatMap((file) => /\.([A-Za-z0-9]+)$/.exec(file)?.[1] ?? []))].sort();
      return { ...base, commitFilters: extensions.map((extension) => `path:**/*.${extension}`) };
    }
    case "kind":
      if (category.category === "injected-bug") return { ...base, operators: [...DEFAULT_OPERATORS] };
      return { ...base, commitFilters: MINED_KINDS.has(category.category) ? [`kind:${category.category}`] : [] };
    case "bugClass":
      return { ...base, operators: category.category.split("+").filter((name) => KNOWN_OPERATORS.has(name)) };
    case "module":
      return {
        ...base,
        repos: reposFor(category, repos),
        sites: [`${category.category}.*`],
        commitFilters: [...category.files.map((file) => `path:${file}`), "kind:bug-fix"],
      };
    case "origin":
      if (category.category === "injected") return { ...base, operators: [...DEFAULT_OPERATORS] };
      return { ...base, commitFilters: category.category === "commit" ? ["kind:bug-fix"] : [] };
    case "size":
      // One mutation is a change of a line or two; larger sizes can only be mined, and no commit filter says how large.
      return { ...base, operators: SMALL_SIZES.has(category.category) ? [...DEFAULT_OPERATORS] : [] };
    default:
      return base;
  }
}

/** The round's repositories that hold the category's tasks; the category's own when none of the round's do. */
function reposFor(category: GapCategory | undefined, repos: string[]): string[] {
  if (!category || category.repos.length === 0) return repos;
  const matching = repos.filter((repo) => category.repos.includes(repo));
  return matching.length > 0 ? matching : category.repos;
}

function rateText(category: GapCategory): string {
  const interval = category.interval ? ` (95% CI ${Math.round(category.interval[0] * 100)}–${Math.round(category.interval[1] * 100)}%)` : "";
  return `${Math.round((category.solveRate ?? 0) * 100)}%${interval}`;
}
