import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";

/**
 * Bytes handed to the file but not yet written before a write waits. Several batches in flight
 * let the disk write one while the next is formatted; with one, formatting and writing take turns.
 */
const IN_FLIGHT_BYTES = 16 << 20;

/**
 * A JSONL file written a batch of encoded lines at a time (see BatchBuilder), with a bounded
 * amount in flight, so memory stays bounded however many rows are written.
 */
export class JsonlWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  rows = 0;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { highWaterMark: IN_FLIGHT_BYTES });
    this.stream.on("error", (error) => (this.failure = error));
  }

  /** Appends `rows` rows already encoded as UTF-8 lines, each ending in a newline. */
  async writeLines(lines: Uint8Array, rows: number): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows += rows;
    this.bytes += lines.length;
    // once() rejects if the stream fails while we wait, rather than waiting for a drain that never comes.
    if (!this.stream.write(lines)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
  }
}
