import { createWriteStream, type WriteStream } from "node:fs";

/** Bytes gathered before one write to the file: large enough that writes stay cheap. */
const CHUNK_BYTES = 1 << 20;
/**
 * Bytes handed to the file but not yet written before `write` waits. Several chunks in flight let
 * the disk write one while the next is built; with one, building and writing take turns.
 */
const IN_FLIGHT_BYTES = 8 << 20;

/**
 * One JSON object per line, streamed: each row is encoded as UTF-8 straight into a ~1 MB chunk
 * (no joined string copied again into a buffer), and chunks go to the file while the next ones
 * are built, up to a few MB in flight, so memory stays bounded however many rows are written.
 */
export class JsonlWriter {
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private failure: Error | undefined;
  rows = 0;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { highWaterMark: IN_FLIGHT_BYTES });
    this.stream.on("error", (error) => (this.failure = error));
  }

  async write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.rows++;
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so a line this short always fits the rest of the chunk.
    if (line.length * 3 <= this.chunk.length - this.used) {
      this.used += this.chunk.write(line, this.used);
      return;
    }
    const bytes = Buffer.byteLength(line);
    if (bytes > this.chunk.length - this.used) await this.flush();
    if (bytes > this.chunk.length) {
      await this.send(Buffer.from(line));
      return;
    }
    this.used += this.chunk.write(line, this.used);
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) {
      if (this.failure) throw this.failure;
      return;
    }
    const full = this.chunk.subarray(0, this.used);
    // The stream keeps the chunk until it is written, so the next rows go into a fresh one.
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.send(full);
  }

  private async send(data: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.bytes += data.length;
    if (!this.stream.write(data)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }
}
