// A page's HTML as a streamed Response: React's renderer piped through the coalescing stream
// (coalescing-stream.server.ts), answered when the shell is ready (or, for crawlers and SPA
// mode, when everything is), and stopped if it is still going after `timeoutMs`.
import { createReadableStreamFromReadable } from "@remix-run/node";
import { type ReactNode } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { CoalescingStream } from "./coalescing-stream.server";

export type RenderOptions = {
  status: number;
  headers: Headers;
  nonce: string;
  /** Wait for every Suspense boundary before answering (crawlers, SPA mode). */
  waitForAll: boolean;
  /** A render still going this long after it started is aborted. */
  timeoutMs: number;
};

export function renderDocument(element: ReactNode, options: RenderOptions): Promise<Response> {
  const { headers, nonce, waitForAll, timeoutMs } = options;
  let status = options.status;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared once the page is written. Left to run, as Remix's template does, it kept every
    // response's render (its whole tree) alive for the time-out, work for the garbage
    // collector on every request, and then aborted a render that had long finished
    // (docs/decisions/427-render-timer-cleared.md). Assigned once React has started; its
    // callbacks may run before that line in principle.
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        // React's 2 KB writes gathered into one chunk per flush (coalescing-stream.server.ts).
        const body = new CoalescingStream();
        body.once("close", () => clearTimeout(timer));
        headers.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(createReadableStreamFromReadable(body), { headers, status }));
        pipe(body);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        status = 500;
        if (shellRendered) console.error(error);
      },
    });
    timer = setTimeout(abort, timeoutMs);
  });
}
