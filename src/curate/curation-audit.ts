import type { Database } from "better-sqlite3";
import type { CurationDecision, ExclusionReason, ProvenanceTier } from "../schema/records.js";

/** How many trajectories of one kind there are and how many curation kept. */
export interface Tally {
  total: number;
  included: number;
  excluded: number;
}

export interface ReasonCount {
  /** Trajectories with this reason (among others, perhaps). */
  count: number;
  /** Trajectories with this reason alone: what relaxing this one filter would bring back. */
  only: number;
  example: { trajectoryId: string; detail: string };
}

/** Everything curation left out, counted every way a reader may suspect over-exclusion. */
export interface CurationAudit {
  total: number;
  included: number;
  excluded: number;
  /** Among included trajectories. */
  positives: number;
  negatives: number;
  maskedSteps: number;
  maskedTrajectories: number;
  reasons: Partial<Record<ExclusionReason, ReasonCount>>;
  tiers: Record<ProvenanceTier, Tally>;
  splits: Record<CurationDecision["split"], Tally & { positives: number; negatives: number }>;
  repos: Record<string, Tally>;
  /** A trajectory counts under each licence in its context. */
  licenses: Record<string, Tally>;
  /** Web domains retrieved into the context; a trajectory counts under each. */
  domains: Record<string, Tally>;
  /** Trajectories that got no decision because their task is missing from the store. */
  orphans: { count: number; example?: string };
}

const NO_LICENSE = "(none detected)";
const NO_DOMAIN = "(none retrieved)";

export function emptyCurationAudit(): CurationAudit {
  const tally = () => ({ total: 0, included: 0, excluded: 0 });
  return {
    total: 0,
    included: 0,
    excluded: 0,
    positives: 0,
    negatives: 0,
    maskedSteps: 0,
    maskedTrajectories: 0,
    reasons: {},
    tiers: { transparent: tally(), gray: tally(), opaque: tally() },
    splits: { train: { ...tally(), positives: 0, negatives: 0 }, eval: { ...tally(), positives: 0, negatives: 0 } },
    repos: {},
    licenses: {},
    domains: {},
    orphans: { count: 0 },
  };
}

/** Adds one decision to the counts (curation counts as it decides, never holding the decisions). */
export function countDecision(audit: CurationAudit, decision: CurationDecision): void {
  const { included } = decision;
  const add = (tally: Tally) => {
    tally.total++;
    if (included) tally.included++;
    else tally.excluded++;
  };
  add(audit);
  add(audit.tiers[decision.tier]);
  const split = audit.splits[decision.split];
  add(split);
  add((audit.repos[decision.repo] ??= { total: 0, included: 0, excluded: 0 }));
  const licenses = decision.sourceSummary.licenses.length > 0 ? decision.sourceSummary.licenses : [NO_LICENSE];
  for (const license of new Set(licenses)) add((audit.licenses[license] ??= { total: 0, included: 0, excluded: 0 }));
  const domains = decision.sourceSummary.domains.length > 0 ? decision.sourceSummary.domains : [NO_DOMAIN];
  for (const domain of new Set(domains)) add((audit.domains[domain] ??= { total: 0, included: 0, excluded: 0 }));
  if (included) {
    const positive = decision.label === "positive";
    audit[positive ? "positives" : "negatives"]++;
    split[positive ? "positives" : "negatives"]++;
    if (decision.maskedSteps.length > 0) {
      audit.maskedTrajectories++;
      audit.maskedSteps += decision.maskedSteps.length;
    }
  }
  const reasons = new Map<ExclusionReason, string>();
  for (const entry of decision.reasons) if (!reasons.has(entry.reason)) reasons.set(entry.reason, entry.detail);
  for (const [reason, detail] of reasons) {
    const count = (audit.reasons[reason] ??= { count: 0, only: 0, example: { trajectoryId: decision.trajectoryId, detail } });
    count.count++;
    if (reasons.size === 1) count.only++;
    // The smallest id, so the example does not depend on the order decisions are counted in.
    if (decision.trajectoryId < count.example.trajectoryId) count.example = { trajectoryId: decision.trajectoryId, detail };
  }
}

export function auditCuration(decisions: Iterable<CurationDecision>): CurationAudit {
  const audit = emptyCurationAudit();
  for (const decision of decisions) countDecision(audit, decision);
  return audit;
}

/** The audit of the decisions stored by the last `kaizen curate`, read one row at a time. */
export function auditFromStore(store: { db: Database }): CurationAudit {
  const rows = store.db.prepare<[], { data: string }>("SELECT data FROM curation ORDER BY task_id, trajectory_id").iterate();
  // Validated when written; JSON.parse alone keeps a large run's audit quick.
  return auditCuration((function* () {
    for (const row of rows) yield JSON.parse(row.data) as CurationDecision;
  })());
}

/** The audit as the text `kaizen curate` prints and the dataset card embeds. */
export function formatCurationAudit(audit: CurationAudit): string {
  const lines: string[] = [];
  lines.push(`Curated ${audit.total} trajectories: ${audit.included} included, excluded ${audit.excluded} of ${audit.total} (${percent(audit.excluded, audit.total)})`);
  lines.push(`  included: ${audit.positives} positive, ${audit.negatives} negative (negatives are kept as the rejected side of preference pairs)`);
  if (audit.maskedSteps > 0) lines.push(`  loss-masked: ${audit.maskedSteps} steps in ${audit.maskedTrajectories} included trajectories`);
  for (const [name, split] of Object.entries(audit.splits)) {
    lines.push(`  ${name} split: ${split.total} trajectories, ${split.included} included (${split.positives} positive, ${split.negatives} negative)`);
  }
  if (audit.orphans.count > 0) lines.push(`  not curated: ${audit.orphans.count} trajectories whose task is missing from the store, e.g. ${audit.orphans.example}`);

  const reasons = Object.entries(audit.reasons).sort(([, a], [, b]) => b.count - a.count);
  if (reasons.length > 0) {
    lines.push("", "Excluded by reason (a trajectory can have several; `only` = this reason alone):");
    lines.push(
      ...table(
        ["reason", "count", "of all", "only", "example"],
        reasons.map(([reason, count]) => [reason, String(count.count), percent(count.count, audit.total), String(count.only), `${count.example.trajectoryId}: ${clip(count.example.detail, 90)}`]),
      ),
    );
  }
  const waiting = audit.reasons["awaiting-sign-off"];
  if (waiting) lines.push(`  ${waiting.count} trajectories await a reviewer's sign-off: kaizen review lists them, and the next kaizen curate includes those accepted`);
  const benchmark = audit.reasons["private-benchmark"];
  if (benchmark) lines.push(`  ${benchmark.count} trajectories are of private-benchmark tasks, which no training export ever holds`);
  const breakdown = (title: string, heading: string, tallies: Record<string, Tally>) => {
    const rows = Object.entries(tallies).filter(([, tally]) => tally.total > 0);
    if (rows.length === 0) return;
    lines.push("", `${title}:`);
    lines.push(
      ...table(
        [heading, "total", "included", "excluded"],
        rows.sort(([, a], [, b]) => b.total - a.total).map(([name, tally]) => [name, String(tally.total), String(tally.included), `${tally.excluded} (${percent(tally.excluded, tally.total)})`]),
      ),
    );
  };
  breakdown("By provenance tier", "tier", audit.tiers);
  breakdown("By repository", "repository", audit.repos);
  breakdown("By licence in context", "licence", audit.licenses);
  breakdown("By retrieved domain", "domain", audit.domains);

  const warnings = overExclusionWarnings(audit);
  if (warnings.length > 0) lines.push("", ...warnings.map((warning) => `warning: ${warning}`));
  return lines.join("\n");
}

/** Signs that a filter is taking more than it should, said plainly. */
function overExclusionWarnings(audit: CurationAudit): string[] {
  const warnings: string[] = [];
  if (audit.total > 0 && audit.excluded / audit.total > 0.5) {
    const [top] = Object.entries(audit.reasons).sort(([, a], [, b]) => b.count - a.count);
    warnings.push(`more than half of all trajectories are excluded${top ? `; the commonest reason is ${top[0]} (${top[1].count})` : ""}`);
  }
  for (const [repo, tally] of Object.entries(audit.repos)) {
    if (tally.total >= 5 && tally.included === 0) warnings.push(`every trajectory of ${repo} is excluded (${tally.total})`);
  }
  if (audit.included > 0 && audit.positives === 0) warnings.push("no included trajectory is a positive: nothing to fine-tune on");
  return warnings;
}

/** A plain-text table: the first column left-aligned, counts right-aligned, a trailing `example` column free. */
function table(header: string[], rows: string[][]): string[] {
  const free = header.at(-1) === "example" ? header.length - 1 : -1;
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const render = (row: string[]) =>
    `  ${row.map((cell, column) => (column === free ? cell : column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ")}`.trimEnd();
  return [render(header), ...rows.map(render)];
}

function percent(part: number, whole: number): string {
  if (whole === 0) return "0%";
  const share = (100 * part) / whole;
  return `${share > 0 && share < 1 ? share.toFixed(1) : Math.round(share)}%`;
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
