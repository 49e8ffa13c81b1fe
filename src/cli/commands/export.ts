import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { auditFromStore, formatCurationAudit } from "../../curate/curation-audit.js";
import { configPolicyFile } from "../../curate/policy-in-force.js";
import { ALL_FORMATS, formatNamed } from "../../export/all-formats.js";
import { capabilityFormatter } from "../../export/capability/capability-formatters.js";
import { datasetCard } from "../../export/dataset-card.js";
import type { ExportFormat, FormatContext } from "../../export/export-format.js";
import { formatContext as exportFormatContext, type FormatSettings } from "../../export/format-context.js";
import { runExport, SPLIT_FILE, type ExportSummary } from "../../export/run-export.js";
import { openRunStore, runStoreExists, type RunStore } from "../../store/run-store.js";
import { UserError } from "../../user-error.js";
import { positiveNumber } from "../flag-values.js";
import { KAIZEN_VERSION } from "../../version.js";
import type { CommandContext, CommandHandler, CommonOptions } from "../command-context.js";
import { startProgress } from "../progress.js";
import { curate, curationSettings } from "./curate.js";

export type ExportOptions = CommonOptions & {
  format?: string;
  out?: string;
  capability?: string;
  groupFilter?: string;
  seed?: string;
  policy?: string;
  threads?: string;
};

/** Below this many included trajectories, starting threads costs more than it saves. */
export const PARALLEL_EXPORT_MIN = 2000;

const GROUP_FILTERS = ["dapo", "openrlhf", "none"] as const;

/** `kaizen export`: curated trajectories and tasks as the datasets trainers read, each with a dataset card. */
export const exportCommand: CommandHandler<ExportOptions> = async (context, _args, options) => {
  const formats = chosenFormats(options.format);
  if (!options.out) throw new UserError("kaizen export needs --out DIR, the directory to write the dataset(s) into", "for example kaizen export --format trl-sft --out datasets/sft");
  const groupFilter = (options.groupFilter ?? "dapo") as FormatContext["groupFilter"];
  if (!GROUP_FILTERS.includes(groupFilter)) throw new UserError(`--group-filter expects one of ${GROUP_FILTERS.join(", ")}, not "${options.groupFilter}"`, "dapo keeps a group only if 0 < resolved < size; openrlhf only if min < mean < max reward");
  if (options.capability) capabilityFormatter({ name: options.capability });
  const threads = options.threads === undefined ? undefined : positiveNumber("--threads", options.threads, "2");
  const seed = Number(options.seed ?? 0);
  if (!Number.isInteger(seed)) throw new UserError(`--seed expects a whole number, not "${options.seed}"`, "for example --seed 1");
  if (!runStoreExists(context.runDir)) throw new UserError(`no run store in ${context.runDir}, so nothing to export`, "roll out and judge first (kaizen demo does everything), or pass --run DIR");
  // One pass that only reads: a small page cache is as fast, and leaves the memory to the formats.
  const store = openRunStore({ dir: context.runDir, pageCacheMb: 16 });
  try {
    const { summaries, notes } = await writeExports({ context, store, formats, out: resolve(options.out), formatContext: { groupFilter, seed, ...(options.capability ? { capability: options.capability } : {}) }, policyFile: options.policy, threads });
    return {
      exitCode: 0,
      data: { formats: summaries, notes },
      human: [
        ...notes,
        ...summaries.map(describeExport),
        `each directory has a README.md dataset card (counts, filters, provenance mix, exclusions, licences); ${summaries.length > 1 ? resolve(options.out) : summaries[0]!.outDir}`,
      ],
    };
  } finally {
    store.close();
  }
};

export interface WriteExportsOptions {
  context: CommandContext;
  store: RunStore;
  formats: readonly ExportFormat[];
  /** One format writes into it; several write a folder each. */
  out: string;
  formatContext: FormatSettings;
  /** The provenance policy file; by default the config's, else the built-in policy. */
  policyFile?: string | undefined;
  /** Threads in all (see workerCount); by default one per CPU for a large run, else this one alone. */
  threads?: number | undefined;
}

/** Curates what is not curated yet, then writes each format and its dataset card; `kaizen demo` calls this too. */
export async function writeExports({ context, store, formats, out, formatContext: chosen, policyFile: named, threads }: WriteExportsOptions) {
  const { config, file: configFile } = loadConfig({ runDir: context.runDir });
  const settings = curationSettings(config, {});
  const policyFile = named ?? configPolicyFile(config, configFile);
  const uncurated = uncuratedCount(store);
  const notes: string[] = [];
  if (uncurated > 0) {
    context.log(`${uncurated} judged trajectories have no curation decision yet: curating the run first (kaizen curate)`);
    notes.push(`curated ${uncurated} new trajectories first`);
  }
  // The task tiers need the policy's facts even when every trajectory is curated already.
  const { inForce, problems } = await curate({ context, store, settings, policyFile, skip: uncurated === 0 });
  for (const problem of problems) context.log(`warning: ${problem}`);
  const audit = formatCurationAudit(auditFromStore(store));
  const formatContext = exportFormatContext(chosen, context.runDir);
  const summaries: ExportSummary[] = [];
  const workers = { count: workerCount(store, threads), settings: chosen, runDir: context.runDir };
  for (const format of formats) {
    const dir = formats.length === 1 ? out : join(out, format.name);
    clearPreviousExport(dir, format);
    let bar: ReturnType<typeof startProgress> | undefined;
    const summary = await runExport({
      store,
      format,
      outDir: dir,
      context: formatContext,
      taskTier: inForce.taskTier,
      tierAction: { opaque: settings.opaque, gray: settings.gray },
      workers,
      onProgress: (inputs) => {
        bar ??= startProgress({ label: `exporting ${format.name}`, total: inputCount(store, format) });
        bar.update(inputs);
      },
    });
    bar?.stop();
    writeFileSync(
      join(dir, "README.md"),
      datasetCard({
        format,
        summary,
        curationAudit: audit,
        curation: { ...settings },
        policy: inForce.label,
        formatSettings: formatSettings(format, formatContext),
        kaizenVersion: KAIZEN_VERSION,
        command: ["kaizen", ...process.argv.slice(2)].join(" "),
      }),
    );
    summaries.push(summary);
  }
  return { summaries, notes };
}

function chosenFormats(text: string | undefined): ExportFormat[] {
  const names = ALL_FORMATS.map((format) => format.name).join(", ");
  if (!text) throw new UserError("kaizen export needs --format: a format name, several separated by commas, or all", `formats: ${names}`);
  if (text === "all") return [...ALL_FORMATS];
  return text.split(",").map((name) => {
    const format = formatNamed(name.trim());
    if (!format) throw new UserError(`unknown export format "${name.trim()}"`, `formats: ${names}, or all`);
    return format;
  });
}

/**
 * Worker threads that format rows: one thread formats them itself; with more, this one reads
 * the store, writes the files and formats what the others leave it.
 */
function workerCount(store: RunStore, threads: number | undefined): number {
  const count = threads ?? (inputCount(store, { input: "examples" }) >= PARALLEL_EXPORT_MIN ? availableParallelism() : 1);
  return count - 1;
}

/** How many units a format reads, for its progress bar. */
function inputCount(store: RunStore, format: Pick<ExportFormat, "input">): number {
  const sql = {
    examples: "SELECT count(*) AS n FROM curation WHERE included = 1",
    "task-groups": "SELECT count(DISTINCT task_id) AS n FROM curation WHERE included = 1",
    tasks: "SELECT count(*) AS n FROM tasks",
  }[format.input];
  return store.db.prepare<[], { n: number }>(sql).get()!.n;
}

/** Judged, finished trajectories that curation has not decided about. */
function uncuratedCount(store: RunStore): number {
  return store.db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM scores s JOIN trajectories t ON t.id = s.trajectory_id
       WHERE t.finished = 1 AND NOT EXISTS (SELECT 1 FROM curation c WHERE c.trajectory_id = s.trajectory_id)`,
    )
    .get()!.n;
}

/** A rerun replaces the split files, so a split that is empty now leaves no stale file behind. */
function clearPreviousExport(dir: string, format: ExportFormat) {
  mkdirSync(dir, { recursive: true });
  for (const split of Object.values(SPLIT_FILE)) {
    const file = join(dir, `${split}.${format.output}`);
    if (existsSync(file)) rmSync(file);
  }
}

function formatSettings(format: ExportFormat, context: FormatContext): Record<string, unknown> {
  if (["grpo", "verl"].includes(format.name)) return { groupFilter: context.groupFilter };
  if (format.name === "harmony") return { capability: context.capability ?? "all trajectories" };
  if (format.name === "lintseq") return { seed: context.seed };
  return {};
}

/** One line per export: rows per split, size, and what the format left out. */
export function describeExport(summary: ExportSummary): string {
  const skipped = Object.entries(summary.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} ${reason}`)
    .join("; ");
  const mb = (summary.bytes / 1e6).toFixed(summary.bytes < 1e6 ? 2 : 1);
  return `  ${summary.format.padEnd(10)} train ${String(summary.rows.train).padStart(5)} · test ${String(summary.rows.eval).padStart(4)} rows · ${mb} MB from ${summary.inputs} inputs${skipped ? ` · skipped: ${skipped}` : ""}`;
}
