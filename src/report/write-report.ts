import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { RunStore } from "../store/run-store.js";
import { renderReport, type RenderedReport } from "./render-report.js";
import { reportData } from "./report-data.js";
import { renderTranscriptPage } from "./render-transcript-page.js";
import { transcriptFileName } from "./transcript-file-name.js";

export interface WriteReportOptions {
  store: RunStore;
  /** The run directory (the store's by default); the report goes to its `report/` unless outDir says otherwise. */
  runDir?: string;
  /** Where to write; `<run>/report` by default. */
  outDir?: string;
  now?: Date;
}

export interface WrittenReport {
  /** Absolute path of index.html. */
  index: string;
  /** Absolute paths of the transcript pages written. */
  transcripts: string[];
  empty: RenderedReport["empty"];
}

/** Writes `index.html` and one transcript page per trajectory the report links to. */
export function writeReport({ store, runDir = store.dir, outDir = join(runDir, "report"), now }: WriteReportOptions): WrittenReport {
  const out = resolve(outDir);
  const data = reportData({ store, ...(now ? { now } : {}) });
  const rendered = renderReport(data);
  mkdirSync(out, { recursive: true });
  const transcripts: string[] = [];
  for (const id of data.linkedTrajectories) {
    const trajectory = store.trajectories.get(id);
    if (!trajectory) continue;
    const task = store.tasks.get(trajectory.taskId);
    const score = store.scores.get(id);
    const file = join(out, transcriptFileName(id));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, renderTranscriptPage({ trajectory, ...(task ? { task } : {}), ...(score ? { score } : {}) }));
    transcripts.push(file);
  }
  const index = join(out, "index.html");
  writeFileSync(index, rendered.html);
  return { index, transcripts, empty: rendered.empty };
}
