import { GAP_DIMENSIONS, type GapDimension, type GapReport } from "../learn/gap-report.js";

/** One category of one dimension: how many tasks it has, and how often trajectories on them resolved. */
export interface CategoryCount {
  name: string;
  tasks: number;
  /** Judged trajectories on the category's tasks, and how many resolved. */
  judged: number;
  resolved: number;
  /** Wilson 95% interval of the solve rate, when there are judged trajectories. */
  interval?: [number, number];
  /** Why the category is thin, when it is. */
  thin?: string;
  /** Tasks wanted before it stops being thin. */
  want?: number;
}

export interface Dimension {
  /** e.g. `origin`, `bugClass`, `module`. */
  name: string;
  title: string;
  categories: CategoryCount[];
}

export interface TaskDistribution {
  /** Tasks analysed: training candidates, without impossible and private-benchmark tasks. */
  tasks: number;
  /** Tasks counted apart from the analysis. */
  excluded: GapReport["excluded"];
  minTasks: number;
  targetShare: number;
  dimensions: Dimension[];
}

const TITLES: Record<GapDimension, string> = {
  language: "Language",
  kind: "Kind",
  bugClass: "Bug class",
  module: "Module (of the fix's files)",
  size: "Size of the fix",
  origin: "Origin",
  card: "Skill card",
};

const ORDER: GapDimension[] = ["origin", "kind", "language", "bugClass", "module", "size", "card"];

/**
 * learn's gap report (analyzeGaps, the analysis `kaizen learn` plans acquisition from) laid out by
 * dimension for the report, with every task's side of the split added for orientation (all tasks,
 * never marked thin).
 */
export function taskDistribution({ gaps, splits }: { gaps: GapReport; splits: Map<string, number> }): TaskDistribution {
  const dimensions: Dimension[] = ORDER.filter((name) => GAP_DIMENSIONS.includes(name)).map((name) => ({
    name,
    title: TITLES[name],
    categories: gaps.categories
      .filter((category) => category.dimension === name)
      .map((category) => ({
        name: category.category,
        tasks: category.tasks,
        judged: category.trajectories,
        resolved: category.resolved,
        ...(category.interval ? { interval: category.interval } : {}),
        ...(category.thin ? { thin: category.why.join("; "), want: category.want } : {}),
      })),
  }));
  if (splits.size > 0) {
    dimensions.push({
      name: "split",
      title: "Split (all tasks)",
      categories: [...splits].sort((a, b) => b[1] - a[1]).map(([name, tasks]) => ({ name, tasks, judged: 0, resolved: 0 })),
    });
  }
  return { tasks: gaps.tasks, excluded: gaps.excluded, minTasks: gaps.minTasks, targetShare: gaps.targetShare, dimensions: dimensions.filter((dimension) => dimension.categories.length > 0 || dimension.name !== "card") };
}
