import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderDocument } from "./render-document.server";

const options = (timeoutMs: number) => ({
  status: 200,
  headers: new Headers(),
  nonce: "test-nonce",
  waitForAll: false,
  timeoutMs,
});

/** A child that never finishes loading. */
function Never(): never {
  throw new Promise(() => {});
}

afterEach(() => vi.restoreAllMocks());

describe("renderDocument", () => {
  it("answers the page, and clears its time-out once the page is written", async () => {
    const setTimer = vi.spyOn(globalThis, "setTimeout");
    const clearTimer = vi.spyOn(globalThis, "clearTimeout");
    const response = await renderDocument(<p>Hello</p>, options(60_000));
    const call = setTimer.mock.calls.findIndex(([, ms]) => ms === 60_000);
    expect(call).toBeGreaterThanOrEqual(0);
    const timer = setTimer.mock.results[call]!.value as ReturnType<typeof setTimeout>;
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe("<p>Hello</p>");
    // The body's stream closes after its last chunk is read.
    await vi.waitFor(() => expect(clearTimer).toHaveBeenCalledWith(timer));
  });

  it("stops a render still waiting after the time-out, and ends the page", async () => {
    // React reports the abort; the page is still ended.
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const started = Date.now();
    const response = await renderDocument(
      <div>
        <Suspense fallback={<span>Loading…</span>}>
          <Never />
        </Suspense>
      </div>,
      options(50),
    );
    const html = await response.text();
    expect(html).toContain("Loading…");
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/aborted/);
  });
});
