/**
 * A thread that formats batches of an export (see ExportWorkers): it parses the stored text it
 * is sent, runs the format, and sends back the encoded rows and their tally.
 */
import { parentPort, workerData } from "node:worker_threads";
import { formatNamed } from "./all-formats.js";
import { type FormattedBatch, formatGroups, type GroupText } from "./format-batch.js";
import { formatContext, type FormatSettings } from "./format-context.js";
import { UserError } from "../user-error.js";

export interface ExportWorkerData {
  format: string;
  settings: FormatSettings;
  runDir: string;
}

/** A batch, or why it failed: a UserError's message and hint, or another error's stack. */
export type ExportWorkerReply = { id: number; batch: FormattedBatch } | { id: number; error: string; hint?: string };

const { format: name, settings, runDir } = workerData as ExportWorkerData;
const format = formatNamed(name);
if (!format) throw new Error(`export worker: no format named ${name}`);
const context = formatContext(settings, runDir);
const port = parentPort!;

port.on("message", ({ id, groups }: { id: number; groups: GroupText[] }) => {
  formatGroups(format, groups, context).then(
    (batch) => {
      const buffers = Object.values(batch.lines).map((lines) => lines.buffer as ArrayBuffer);
      port.postMessage({ id, batch } satisfies ExportWorkerReply, buffers);
    },
    (error: unknown) =>
      port.postMessage(
        (error instanceof UserError
          ? { id, error: error.message, hint: error.hint }
          : { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }) satisfies ExportWorkerReply,
      ),
  );
});
