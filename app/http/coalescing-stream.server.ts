// What React writes of a page between its flushes, handed on as one chunk
// (docs/decisions/404-server-runtime-costs.md). React's server renderer writes a document in
// views of 2 KB, 20–35 of them for a staff page, and each one travelled alone through the
// PassThrough, the Web stream Remix's Response wraps, the compression middleware and the HTTP
// response. React calls `flush()` on its destination when it has nothing more to write for now
// (the convention compression streams follow), so a page's shell is now one chunk, and each
// later part of a streamed page is one chunk as it is ready: nothing waits longer than it did.
import { Transform, type TransformCallback } from "node:stream";

/** Past this many bytes gathered, a chunk is handed on without waiting for React's flush. */
export const MAX_CHUNK_BYTES = 64 * 1024;

export class CoalescingStream extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= MAX_CHUNK_BYTES) this.flush();
    callback();
  }

  /** Hands on what has been gathered (React calls it when it has written all it has for now). */
  flush(): void {
    if (this.size === 0) return;
    const chunk =
      this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.push(chunk);
  }

  /**
   * Ends the stream once. React ends its destination again when the destination closes (its
   * abort handler runs then, even after a finished render), and a second `end()` makes a Node
   * error, with its stack, only to drop it: on every page (decision 427).
   */
  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (!this.writableEnded) return super.end(chunk as never, encoding as never, callback as never);
    // Already ended: a callback (end(cb), end(chunk, cb) or end(chunk, encoding, cb)) is told
    // so without an error, as a first end's callback would be.
    const done = [chunk, encoding, callback].find((arg) => typeof arg === "function");
    if (done) process.nextTick(done as () => void);
    return this;
  }

  override _flush(callback: TransformCallback) {
    this.flush();
    callback();
  }
}
