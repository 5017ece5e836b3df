import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CoalescingStream, MAX_CHUNK_BYTES } from "./coalescing-stream.server";

function collect(stream: CoalescingStream): Buffer[] {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return chunks;
}

describe("CoalescingStream", () => {
  it("hands on what was written between flushes as one chunk, in order, and the rest at the end", async () => {
    const stream = new CoalescingStream();
    const chunks = collect(stream);
    stream.write("<html>");
    stream.write(Buffer.from("<body>"));
    stream.write(new TextEncoder().encode("é"));
    stream.flush();
    stream.flush(); // nothing gathered: nothing handed on
    stream.write("</body>");
    stream.end("</html>");
    await new Promise((resolve) => stream.on("end", resolve));
    expect(chunks.map((c) => c.toString("utf8"))).toEqual(["<html><body>é", "</body></html>"]);
  });

  it("does not gather more than its limit before handing on", async () => {
    const stream = new CoalescingStream();
    const chunks = collect(stream);
    const part = Buffer.alloc(MAX_CHUNK_BYTES / 4, "a");
    for (let i = 0; i < 6; i++) stream.write(part);
    stream.end();
    await new Promise((resolve) => stream.on("end", resolve));
    expect(chunks.map((c) => c.length)).toEqual([MAX_CHUNK_BYTES, MAX_CHUNK_BYTES / 2]);
  });

  it("turns React's many small writes of a page into one chunk, the same bytes", async () => {
    const rows = Array.from({ length: 400 }, (_, i) =>
      createElement("tr", { key: i }, createElement("td", null, `Row ${i} of the table`)),
    );
    const page = createElement("table", null, createElement("tbody", null, rows));
    const render = (destination: NodeJS.WritableStream) =>
      new Promise<void>((resolve, reject) => {
        const { pipe } = renderToPipeableStream(page, {
          onAllReady: () => pipe(destination),
          onShellError: reject,
        });
        destination.on("finish", () => resolve());
      });
    // React alone: its 2 KB views, each written on its own.
    const direct: Buffer[] = [];
    const { Writable } = await import("node:stream");
    await render(
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          direct.push(Buffer.from(chunk));
          callback();
        },
      }),
    );
    const stream = new CoalescingStream();
    const coalesced = collect(stream);
    await render(stream);
    expect(direct.length).toBeGreaterThan(5);
    expect(coalesced).toHaveLength(1);
    expect(Buffer.concat(coalesced).equals(Buffer.concat(direct))).toBe(true);
  });

  it("ends once: a second end, as React's close handler makes, is no error", async () => {
    const stream = new CoalescingStream();
    collect(stream);
    stream.end("<html></html>");
    await new Promise((resolve) => stream.on("end", resolve));
    // Node's own Transform answers ERR_STREAM_ALREADY_FINISHED, an error made with its stack.
    const again = await new Promise<unknown>((resolve) => stream.end(resolve));
    expect(again).toBeUndefined();
    const withChunk = await new Promise<unknown>((resolve) => stream.end("more", resolve));
    expect(withChunk).toBeUndefined();
    expect(stream.writableEnded).toBe(true);
  });
});
