import { loadConfig } from "../../config/load-config.js";
import { acquisitionTargets } from "../../learn/acquisition-targets.js";
import { analyzeGaps } from "../../learn/analyze-gaps.js";
import type { GapCategory, GapReport } from "../../learn/gap-report.js";
import { learnSkillCards } from "../../learn/learn-skill-cards.js";
import type { AcquisitionTarget } from "../../learn/acquisition-target.js";
import { clientFromFlags } from "../../models/client-from-flags.js";
import type { SkillCard } from "../../schema/records.js";
import { openRunStore, runStoreExists } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import type { CommandHandler, CommonOptions } from "../command-context.js";
import { positiveNumber, fraction } from "../flag-values.js";

export type LearnOptions = CommonOptions & {
  round?: string;
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  minTasks?: string;
  targetShare?: string;
};

/** `kaizen learn`: skill cards from failed trajectories, the gap report, and what to acquire next. */
export const learnCommand: CommandHandler<LearnOptions> = async (context, _args, options) => {
  const minTasks = options.minTasks === undefined ? undefined : positiveNumber("--min-tasks", options.minTasks);
  const targetShare = options.targetShare === undefined ? undefined : fraction("--target-share", options.targetShare, { aboveZero: true });
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir} to learn from`, "make tasks, roll out and judge first (kaizen mine or inject, kaizen rollout, kaizen judge), or pass --run DIR");
  const { config } = loadConfig({ runDir: context.runDir });
  const sharpen = clientFromFlags(config, options);
  const warnings: string[] = [];
  const store = openRunStore({ dir: context.runDir, mustExist: true });
  try {
    if (options.round !== undefined && !store.rounds.get(options.round)) context.log(`note: no round ${options.round} in this run store; the cards are tagged with it all the same`);
    const cards = await learnSkillCards({
      store,
      ...(options.round === undefined ? {} : { roundId: options.round }),
      ...(sharpen ? { sharpen } : {}),
      onWarning: (message) => warnings.push(message),
    });
    const gaps = analyzeGaps({ store, cards, ...(minTasks === undefined ? {} : { minTasks }), ...(targetShare === undefined ? {} : { targetShare }) });
    const round = options.round === undefined ? undefined : store.rounds.get(options.round);
    const repos = round?.repos.length ? round.repos : store.repos.list().map((repo) => repo.source);
    const targets = acquisitionTargets({ gaps, cards, repos });
    const human = [
      `${cards.length} skill card${cards.length === 1 ? "" : "s"} from ${gaps.trajectories} judged trajector${gaps.trajectories === 1 ? "y" : "ies"} on ${gaps.tasks} task${gaps.tasks === 1 ? "" : "s"}${sharpen ? ` (sharpened by ${sharpen.model})` : ""}`,
      ...cards.flatMap(describeCard),
      "",
      ...gapTable(gaps),
      "",
      `${targets.length} acquisition target${targets.length === 1 ? "" : "s"}`,
      ...targets.flatMap(describeTarget),
      ...warnings.map((warning) => `warning: ${warning}`),
      ...(cards.length > 0 ? ["", `aim injection at a card with: kaizen inject <repo> --skill-card ${cards[0]!.id}`] : []),
    ];
    return { exitCode: 0, data: { cards, gaps, targets, warnings }, human };
  } finally {
    store.close();
  }
};

function describeCard(card: SkillCard): string[] {
  const recipe = card.recipe;
  return [
    "",
    `${card.id} · ${card.name}`,
    `  ${card.count} trajector${card.count === 1 ? "y" : "ies"} · solve rate ${card.solveRate === undefined ? "—" : `${Math.round(card.solveRate * 100)}%`} · modules ${card.modules.join(", ")}${card.sharpenedBy ? ` · sharpened by ${card.sharpenedBy}` : ""}`,
    `  ${card.description}`,
    `  patterns: ${card.patterns.join(", ") || "—"}`,
    `  recipe: operators ${recipe.operators.join(",") || "(inject's defaults)"} · sites ${recipe.sites.join(",") || "—"} · commits ${recipe.commitFilters.join(" ") || "—"}`,
    `  evidence: ${card.evidence.slice(0, 5).join(", ")}${card.evidence.length > 5 ? ` and ${card.evidence.length - 5} more` : ""}`,
  ];
}

function gapTable(gaps: GapReport): string[] {
  const excluded = [gaps.excluded.impossible > 0 && `${gaps.excluded.impossible} impossible`, gaps.excluded.benchmark > 0 && `${gaps.excluded.benchmark} private-benchmark`].filter(Boolean);
  const rows = gaps.categories.map((category) => [
    category.dimension,
    category.category,
    String(category.tasks),
    category.share === null ? "—" : `${Math.round(category.share * 100)}%`,
    `${category.resolved}/${category.trajectories}`,
    rate(category),
    category.thin ? `THIN: ${category.why.join("; ")}` : "",
  ]);
  const header = ["dimension", "category", "tasks", "share", "solved", "solve rate (95% CI)", ""];
  const widths = header.map((_, column) => Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [
    `gaps: ${gaps.tasks} task${gaps.tasks === 1 ? "" : "s"}${excluded.length > 0 ? ` (left out: ${excluded.join(", ")})` : ""}; thin below ${gaps.targetShare} of an even share, or under ${gaps.minTasks} tasks`,
    line(header),
    ...rows.map(line),
  ];
}

function rate(category: GapCategory): string {
  if (category.solveRate === null || category.interval === null) return "—";
  return `${Math.round(category.solveRate * 100)}% (${Math.round(category.interval[0] * 100)}–${Math.round(category.interval[1] * 100)}%)`;
}

function describeTarget(target: AcquisitionTarget): string[] {
  const aim = [
    target.operators.length > 0 && `operators ${target.operators.join(",")}`,
    target.sites.length > 0 && `sites ${target.sites.join(",")}`,
    target.commitFilters.length > 0 && `commits ${target.commitFilters.join(" ")}`,
    target.repos.length > 0 && `in ${target.repos.join(", ")}`,
  ].filter(Boolean);
  return [`  ${target.category} · want ${target.want} · ${target.why}`, ...(aim.length > 0 ? [`    ${aim.join(" · ")}`] : [])];
}
