import { Worker } from "node:worker_threads";
import type { ExportWorkerData, ExportWorkerReply } from "./export-worker.js";
import type { FormattedBatch, GroupText } from "./format-batch.js";
import { UserError } from "../user-error.js";

/** The worker's module beside this one: compiled JavaScript when installed, TypeScript under tsx. */
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(FROM_SOURCE ? "./export-worker.ts" : "./export-worker.js", import.meta.url);

/**
 * A small young generation: a thread's rows die young, and the default (tens of MB per thread)
 * costs ~60 MB of peak memory per thread and no measurable time.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * A worker thread running the worker module; from source, it first registers tsx, which threads
 * do not inherit. Threads get none of this process's Node flags: `-e` or `--input-type` (a script
 * that runs kaizen from an eval, as the benchmark does) would stop them loading a module file.
 */
function startWorker(workerData: ExportWorkerData): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, execArgv: [], resourceLimits: RESOURCE_LIMITS });
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [], resourceLimits: RESOURCE_LIMITS });
}

interface Waiting {
  resolve: (batch: FormattedBatch) => void;
  reject: (error: Error) => void;
}

/**
 * Threads that format an export's batches in parallel: each batch goes to the least busy thread,
 * and a thread that fails or dies fails the batches it held (the export stops with its error).
 */
export class ExportWorkers {
  private readonly threads: { worker: Worker; waiting: Map<number, Waiting> }[] = [];
  private nextId = 0;
  private closing = false;

  constructor({ count, ...data }: ExportWorkerData & { count: number }) {
    for (let index = 0; index < count; index++) {
      const worker = startWorker(data);
      const thread = { worker, waiting: new Map<number, Waiting>() };
      const failAll = (error: Error) => {
        for (const waiting of thread.waiting.values()) waiting.reject(error);
        thread.waiting.clear();
      };
      worker.on("message", (reply: ExportWorkerReply) => {
        const waiting = thread.waiting.get(reply.id);
        thread.waiting.delete(reply.id);
        if (!("error" in reply)) waiting?.resolve(reply.batch);
        else if (reply.hint !== undefined) waiting?.reject(new UserError(reply.error, reply.hint));
        else waiting?.reject(new Error(`export worker failed on a batch: ${reply.error}`));
      });
      worker.on("error", (error) => failAll(new Error(`export worker failed: ${error.stack ?? error.message}`)));
      worker.on("exit", (code) => {
        if (!this.closing) failAll(new Error(`export worker exited with code ${code} before finishing its batches`));
      });
      this.threads.push(thread);
    }
  }

  run(groups: GroupText[]): Promise<FormattedBatch> {
    const thread = this.threads.reduce((least, candidate) => (candidate.waiting.size < least.waiting.size ? candidate : least));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, groups });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}
