import { describe, expect, it } from "vitest";
import { type CpuProfile, OWNERS, ownerOf, summariseProfile } from "./profile";

const frame = (functionName: string, url = "") => ({ functionName, url });

describe("ownerOf", () => {
  it("names each owner by where its code lives", () => {
    const modules = "file:///srv/assay/node_modules";
    expect(ownerOf(frame("compilePath", `${modules}/@remix-run/router/dist/router.cjs.js`))).toBe(
      "Remix route matching (@remix-run/router)",
    );
    expect(ownerOf(frame("handle", `${modules}/express/lib/router/layer.js`))).toBe(
      "Remix and Express request handling",
    );
    expect(
      ownerOf(frame("callRouteLoader", `${modules}/@remix-run/server-runtime/dist/data.js`)),
    ).toBe("Remix and Express request handling");
    expect(ownerOf(frame("renderToPipeableStream", `${modules}/react-dom/cjs/x.js`))).toBe(
      "React server render",
    );
    expect(ownerOf(frame("Scripts", `${modules}/@remix-run/react/dist/components.js`))).toBe(
      "React server render",
    );
    expect(ownerOf(frame("encode", `${modules}/turbo-stream/dist/turbo-stream.js`))).toBe(
      "turbo-stream (loader data)",
    );
    expect(ownerOf(frame("is", `${modules}/drizzle-orm/entity.js`))).toBe("drizzle-orm");
    expect(ownerOf(frame("Result", `${modules}/postgres/src/result.js`))).toBe("postgres.js");
    expect(ownerOf(frame("_parse", `${modules}/zod/v3/types.js`))).toBe("zod");
    expect(ownerOf(frame("x", `${modules}/isbot/index.js`))).toBe("other packages");
    expect(ownerOf(frame("loader", "file:///srv/assay/build/server/index.js"))).toBe(
      "Assay's own code",
    );
    expect(ownerOf(frame("_Request", "node:internal/deps/undici/undici"))).toBe(
      "Web Fetch objects (Node's undici: Request, Headers, Response)",
    );
    expect(ownerOf(frame("emit", "node:events"))).toBe(
      "Node.js (HTTP, sockets, streams, crypto, timers)",
    );
  });

  it("knows V8's pseudo-frames and leaves native functions to their caller", () => {
    expect(ownerOf(frame("(idle)"))).toBe("idle");
    expect(ownerOf(frame("(garbage collector)"))).toBe("garbage collection");
    expect(ownerOf(frame("(program)"))).toBe("V8 (compiled code, no JavaScript frame)");
    expect(ownerOf(frame("stringify"))).toBeUndefined();
    expect(ownerOf(frame("writeBuffer"))).toBeUndefined();
  });
});

describe("summariseProfile", () => {
  // (root) → (program), (idle), (garbage collector), the app's loader → JSON.stringify (native),
  // and the loader → the router's compilePath.
  const profile = (samples: number[], timeDeltas: number[]): CpuProfile => ({
    nodes: [
      { id: 1, callFrame: frame("(root)"), children: [2, 3, 4, 5] },
      { id: 2, callFrame: frame("(program)") },
      { id: 3, callFrame: frame("(idle)") },
      { id: 4, callFrame: frame("(garbage collector)") },
      { id: 5, callFrame: frame("loader", "file:///a/build/server/index.js"), children: [6, 7] },
      { id: 6, callFrame: frame("stringify") },
      {
        id: 7,
        callFrame: frame("compilePath", "file:///a/node_modules/@remix-run/router/dist/r.js"),
      },
    ],
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas,
  });

  it("gives each sample the gap to the next and divides by the requests", () => {
    // Six samples 1 ms apart: loader, stringify (the loader's), router, idle, gc, program.
    const summary = summariseProfile(
      profile([5, 6, 7, 3, 4, 2], [0, 1000, 1000, 1000, 1000, 1000]),
      2,
    );
    expect(summary.requests).toBe(2);
    expect(summary.seconds).toBeCloseTo(0.006);
    expect(summary.perRequestMs["Assay's own code"]).toBeCloseTo(1); // 2 ms over 2 requests
    expect(summary.perRequestMs["Remix route matching (@remix-run/router)"]).toBeCloseTo(0.5);
    expect(summary.perRequestMs["garbage collection"]).toBeCloseTo(0.5);
    expect(summary.perRequestMs["V8 (compiled code, no JavaScript frame)"]).toBeCloseTo(0.5);
    expect(summary.idleShare).toBeCloseTo(1 / 6);
    expect(summary.busyMsPerRequest).toBeCloseTo(2.5);
  });

  it("weights samples by their gaps, not their count", () => {
    // The router's sample is followed by a 4 ms gap, the loader's by 1 ms.
    const summary = summariseProfile(profile([7, 5, 3], [0, 4000, 1000]), 1);
    expect(summary.perRequestMs["Remix route matching (@remix-run/router)"]).toBeCloseTo(4);
    expect(summary.perRequestMs["Assay's own code"]).toBeCloseTo(1);
  });

  it("adds its owners up to the busy time, whatever the samples", () => {
    for (let run = 0; run < 200; run++) {
      const count = 1 + Math.floor(Math.random() * 50);
      const samples = Array.from({ length: count }, () => 2 + Math.floor(Math.random() * 6));
      const deltas = Array.from({ length: count }, () => Math.floor(Math.random() * 3000));
      const requests = 1 + Math.floor(Math.random() * 10);
      const summary = summariseProfile(profile(samples, deltas), requests);
      const owned = OWNERS.reduce((sum, owner) => sum + summary.perRequestMs[owner], 0);
      expect(owned).toBeCloseTo(summary.busyMsPerRequest, 6);
      expect(summary.idleShare).toBeGreaterThanOrEqual(0);
      expect(summary.idleShare).toBeLessThanOrEqual(1);
    }
  });

  it("leaves out the profiler hook's own work, native calls below it included", () => {
    const withHook = profile([5, 9, 10, 7], [0, 1000, 2000, 3000]);
    withHook.nodes[0]!.children!.push(8);
    withHook.nodes.push(
      { id: 8, callFrame: frame("post", "file:///a/bench/profiler-hook.mjs"), children: [9] },
      { id: 9, callFrame: frame("post", "node:inspector"), children: [10] },
      { id: 10, callFrame: frame("dispatch") },
    );
    withHook.endTime = 4000;
    // Gaps: loader 1 ms, hook 2 ms, hook 3 ms, router (last: the mean gap, 1 ms).
    const summary = summariseProfile(withHook, 1);
    expect(summary.profilerMs).toBeCloseTo(5);
    expect(summary.perRequestMs["Node.js (HTTP, sockets, streams, crypto, timers)"]).toBe(0);
    expect(summary.busyMsPerRequest).toBeCloseTo(2);
  });

  it("reports nothing per request when no request was served", () => {
    const summary = summariseProfile(profile([5], [0]), 0);
    expect(summary.busyMsPerRequest).toBe(0);
    expect(summary.perRequestMs["Assay's own code"]).toBe(0);
  });
});
