// The whole-string writes patch to react-dom's Node server renderer
// (docs/decisions/417-server-render-writes-strings.md): the patched renderer sends what the
// original sends, in the same flushes — a shell before a suspended boundary resolves, then the
// boundary — for any text, and waits for a destination that asks it to. Except one thing: the
// original sends a NUL byte wherever a multi-byte character did not fit at the end of its
// 2 KB buffer (React 18.3.1's bug, github.com/facebook/react/issues/31134); the patched one
// never does.
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import fc from "fast-check";
import { createElement as h, Suspense, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { PATCHES, patchFiles } from "./patch-dependencies.mjs";

type Renderer = {
  renderToPipeableStream(
    node: ReactNode,
    options: { onShellReady?(): void; onAllReady?(): void; onError?(error: unknown): void },
  ): { pipe(destination: Writable): Writable };
};

const require = createRequire(import.meta.url);
const patch = PATCHES.find((p) => p.name === "whole-string-writes")!;
const files = patchFiles(patch, new URL("..", import.meta.url).pathname);
const patched = require(files.file) as Renderer;
const original = require(files.original) as Renderer;

/** What a destination received: each write's bytes, in order. */
async function render(
  renderer: Renderer,
  node: ReactNode,
  {
    when = "onAllReady",
    highWaterMark,
  }: { when?: "onAllReady" | "onShellReady"; highWaterMark?: number } = {},
): Promise<Buffer[]> {
  const writes: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const destination = new Writable({
      highWaterMark,
      write(chunk: Buffer, _encoding, callback) {
        writes.push(Buffer.from(chunk));
        // A slow destination: its buffer fills, and React is told to wait for "drain".
        if (highWaterMark !== undefined) setImmediate(callback);
        else callback();
      },
      final(callback) {
        resolve(writes);
        callback();
      },
    });
    const { pipe } = renderer.renderToPipeableStream(node, {
      [when]() {
        pipe(destination);
      },
      onError: reject,
    });
  });
}

const bytes = (writes: Buffer[]) => Buffer.concat(writes);
/** The original's output without the NUL bytes its bug adds. */
const withoutNul = (writes: Buffer[]) => Buffer.from(bytes(writes).filter((byte) => byte !== 0));
const nulCount = (writes: Buffer[]) => bytes(writes).filter((byte) => byte === 0).length;

function Page({ texts }: { texts: string[] }) {
  return h(
    "html",
    null,
    h(
      "body",
      null,
      h(
        "main",
        { "data-count": texts.length },
        texts.map((text, i) =>
          h(
            "fieldset",
            { key: i, id: `q${i}`, title: text },
            h("legend", null, text),
            h("input", { type: "radio", name: `q${i}`, defaultChecked: i % 2 === 0 }),
            h("textarea", { name: `c${i}`, defaultValue: text }),
          ),
        ),
      ),
    ),
  );
}

describe("rendering with whole-string writes", () => {
  it("sends a long page of multi-byte text as the original does, without its NUL bytes, in far fewer writes", async () => {
    const texts = Array.from(
      { length: 400 },
      (_, i) =>
        `Question ${i} — does the supplier encrypt données d'entraînement 训练数据 🔐 <&"'>`,
    );
    const before = await render(original, h(Page, { texts }));
    const after = await render(patched, h(Page, { texts }));
    // The bug this also mends: the original's page holds NUL bytes, which a browser drops
    // from text and reads as U+FFFD in attributes and scripts.
    expect(nulCount(before)).toBeGreaterThan(0);
    expect(nulCount(after)).toBe(0);
    expect(bytes(after).equals(withoutNul(before))).toBe(true);
    expect(bytes(after).length).toBeGreaterThan(100_000);
    expect(after.length).toBeLessThan(before.length / 4);
  });

  it("sends any text as the original does, without its NUL bytes", async () => {
    const text = fc.string({ unit: "binary", maxLength: 3000 }).map((t) => t.replace(/\0/g, ""));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 30 }), async (texts) => {
        const before = await render(original, h(Page, { texts }));
        const after = await render(patched, h(Page, { texts }));
        expect(nulCount(after)).toBe(0);
        expect(bytes(after).toString("hex")).toBe(withoutNul(before).toString("hex"));
      }),
      { numRuns: 60 },
    );
  });

  it("sends the shell before a suspended part resolves, then the part, as the original does", async () => {
    const streamed = async (renderer: Renderer) => {
      let resolvePart!: () => void;
      const ready = new Promise<void>((r) => (resolvePart = r));
      let done = false;
      function Late() {
        if (!done) throw ready.then(() => void (done = true));
        return h("p", null, "the late part: ünïcode 🔐");
      }
      const node = h(
        "div",
        null,
        h("h1", null, "Shell — first"),
        h(Suspense, { fallback: h("p", null, "Loading…") }, h(Late)),
      );
      const writes: Buffer[] = [];
      const finished = new Promise<void>((resolve, reject) => {
        const destination = new Writable({
          write(chunk: Buffer, _encoding, callback) {
            writes.push(Buffer.from(chunk));
            callback();
          },
          final(callback) {
            resolve();
            callback();
          },
        });
        const { pipe } = renderer.renderToPipeableStream(node, {
          onShellReady() {
            pipe(destination);
          },
          onError: reject,
        });
      });
      await new Promise((r) => setTimeout(r, 20));
      const shell = bytes(writes).toString();
      resolvePart();
      await finished;
      return { shell, all: bytes(writes).toString() };
    };
    const before = await streamed(original);
    const after = await streamed(patched);
    expect(after.shell).toContain("Shell — first");
    expect(after.shell).toContain("Loading…");
    expect(after.shell).not.toContain("the late part");
    expect(after.shell).toBe(before.shell);
    expect(after.all).toContain("the late part: ünïcode 🔐");
    expect(after.all).toBe(before.all);
  });

  it("waits for a slow destination and still sends every byte", async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `slow ${i} ${"é".repeat(i % 50)}`);
    const before = await render(original, h(Page, { texts }));
    const after = await render(patched, h(Page, { texts }), { highWaterMark: 1024 });
    expect(bytes(after).equals(withoutNul(before))).toBe(true);
  });
});
