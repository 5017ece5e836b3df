// Where a request's server time goes (docs/decisions/386-bench-cpu-profiles.md): a V8 CPU profile
// of the app server taken while one kind of request is under load, summed by who owns the
// code each sample was in, and divided by the requests served meanwhile — milliseconds of
// CPU per request, by owner. The bench's profile pass takes one per measured request kind in
// one server process (bench/profiler-hook.mjs), so each page's figures sit beside the sign-in
// page's (the floor) and the difference is what the page itself costs.

/** The parts of a `.cpuprofile` (Chrome DevTools / V8 `Profiler.stop`) this reads. */
export type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Owners, in the order the tables list them. */
export const OWNERS = [
  "Remix route matching (@remix-run/router)",
  "Remix and Express request handling",
  "React server render",
  "turbo-stream (loader data)",
  "drizzle-orm",
  "postgres.js",
  "zod",
  "Assay's own code",
  "other packages",
  "Web Fetch objects (Node's undici: Request, Headers, Response)",
  "Node.js (HTTP, sockets, streams, crypto, timers)",
  "V8 (compiled code, no JavaScript frame)",
  "garbage collection",
] as const;
export type Owner = (typeof OWNERS)[number];

export type ProfileSummary = {
  requests: number;
  /** Wall time the profile covers. */
  seconds: number;
  /** CPU time of this process (all samples but idle), per request. */
  busyMsPerRequest: number;
  /** Share of the covered time the process sat idle (waiting on PostgreSQL or the network). */
  idleShare: number;
  /** CPU ms per request by owner; the owners add up to busyMsPerRequest. */
  perRequestMs: Record<Owner, number>;
  /**
   * Milliseconds (in all, not per request) of samples in the profiler hook itself (stopping
   * the profiler and handing the profile over): left out of every figure above.
   */
  profilerMs?: number;
};

/** The bench's profiler hook (bench/profiler-hook.mjs): its frames and all below them. */
const PROFILER_HOOK = /\/bench\/profiler-hook\.mjs$/;

const PACKAGE_OWNERS: [RegExp, Owner][] = [
  [/\/node_modules\/@remix-run\/router\//, "Remix route matching (@remix-run/router)"],
  [
    /\/node_modules\/(@remix-run\/(server-runtime|node|express)|express|compression|cookie|cookie-signature|set-cookie-parser|body-parser|router|finalhandler|send|serve-static|@web3-storage\/multipart-parser|on-finished|accepts|negotiator|statuses|mime-types|content-type|vary|compressible|bytes|debug|ms|qs|depd|parseurl)\//,
    "Remix and Express request handling",
  ],
  [
    /\/node_modules\/(react|react-dom|scheduler|@remix-run\/react|react-router|react-router-dom)\//,
    "React server render",
  ],
  [/\/node_modules\/turbo-stream\//, "turbo-stream (loader data)"],
  [/\/node_modules\/drizzle-orm\//, "drizzle-orm"],
  [/\/node_modules\/postgres\//, "postgres.js"],
  [/\/node_modules\/zod\//, "zod"],
  [/\/node_modules\//, "other packages"],
];

/**
 * Who owns a frame: V8's pseudo-frames by name, Node's own modules, a package by its path
 * under node_modules, the app's server build (`build/server`, and its sources in `app/`), and
 * `undefined` for a native function (JSON.stringify, a RegExp) — those count for their caller.
 */
export function ownerOf(frame: { functionName: string; url: string }): Owner | "idle" | undefined {
  const { functionName, url } = frame;
  if (url === "") {
    if (functionName === "(idle)") return "idle";
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(program)" || functionName === "(root)") {
      return "V8 (compiled code, no JavaScript frame)";
    }
    return undefined;
  }
  if (url.startsWith("node:internal/deps/undici")) {
    return "Web Fetch objects (Node's undici: Request, Headers, Response)";
  }
  if (url.startsWith("node:") || !url.includes("/")) {
    return "Node.js (HTTP, sockets, streams, crypto, timers)";
  }
  for (const [pattern, owner] of PACKAGE_OWNERS) if (pattern.test(url)) return owner;
  return "Assay's own code";
}

/**
 * Sums a profile's samples by owner. A sample's time is the gap to the next sample (V8 stamps
 * each sample when it is taken); the last sample gets the mean gap.
 */
export function summariseProfile(profile: CpuProfile, requests: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const hooked = new Map<number, boolean>();
  const inProfilerHook = (id: number): boolean => {
    const known = hooked.get(id);
    if (known !== undefined) return known;
    const parentId = parent.get(id);
    const inHook =
      PROFILER_HOOK.test(byId.get(id)?.callFrame.url ?? "") ||
      (parentId !== undefined && inProfilerHook(parentId));
    hooked.set(id, inHook);
    return inHook;
  };
  const owners = new Map<number, Owner | "idle">();
  const ownerOfNode = (id: number): Owner | "idle" => {
    const known = owners.get(id);
    if (known) return known;
    const node = byId.get(id);
    const own = node ? ownerOf(node.callFrame) : undefined;
    const parentId = parent.get(id);
    const owner =
      own ??
      (parentId === undefined ? "V8 (compiled code, no JavaScript frame)" : ownerOfNode(parentId));
    owners.set(id, owner);
    return owner;
  };

  const totalUs = Math.max(0, profile.endTime - profile.startTime);
  const { samples, timeDeltas } = profile;
  const meanGap = samples.length > 0 ? totalUs / samples.length : 0;
  const spent = new Map<Owner | "idle", number>();
  let profilerUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const gap = i + 1 < timeDeltas.length ? Math.max(0, timeDeltas[i + 1]!) : meanGap;
    if (inProfilerHook(samples[i]!)) {
      profilerUs += gap;
      continue;
    }
    const owner = ownerOfNode(samples[i]!);
    spent.set(owner, (spent.get(owner) ?? 0) + gap);
  }
  const sampledUs = [...spent.values()].reduce((a, b) => a + b, 0);
  const idleUs = spent.get("idle") ?? 0;
  const perRequest = (us: number) => (requests > 0 ? us / 1000 / requests : 0);
  const perRequestMs = Object.fromEntries(
    OWNERS.map((owner) => [owner, perRequest(spent.get(owner) ?? 0)]),
  ) as Record<Owner, number>;
  return {
    requests,
    seconds: totalUs / 1e6,
    busyMsPerRequest: perRequest(sampledUs - idleUs),
    idleShare: sampledUs > 0 ? idleUs / sampledUs : 0,
    perRequestMs,
    profilerMs: profilerUs / 1000,
  };
}

/** The owners grouped as the tables show them: what every request pays, and what a page adds. */
export const PROFILE_GROUPS = [
  { label: "route matching", owners: ["Remix route matching (@remix-run/router)"] },
  {
    label: "Remix, Express, Node, V8",
    owners: [
      "Remix and Express request handling",
      "Web Fetch objects (Node's undici: Request, Headers, Response)",
      "Node.js (HTTP, sockets, streams, crypto, timers)",
      "V8 (compiled code, no JavaScript frame)",
    ],
  },
  { label: "GC", owners: ["garbage collection"] },
  { label: "React render", owners: ["React server render"] },
  { label: "loader data", owners: ["turbo-stream (loader data)"] },
  { label: "drizzle + postgres.js", owners: ["drizzle-orm", "postgres.js"] },
  { label: "Assay, zod, other", owners: ["Assay's own code", "zod", "other packages"] },
] as const satisfies readonly { label: string; owners: readonly Owner[] }[];

/** The framework and runtime: route matching, request handling, Node, V8 and GC. */
export const FRAMEWORK_GROUPS = ["route matching", "Remix, Express, Node, V8", "GC"] as const;

export function groupedMs(summary: Pick<ProfileSummary, "perRequestMs">): Record<string, number> {
  return Object.fromEntries(
    PROFILE_GROUPS.map((g) => [
      g.label,
      g.owners.reduce((sum, owner) => sum + (summary.perRequestMs[owner] ?? 0), 0),
    ]),
  );
}

/** Share of a request's CPU that is framework and runtime (FRAMEWORK_GROUPS). */
export function frameworkShare(summary: ProfileSummary): number {
  const groups = groupedMs(summary);
  const framework = FRAMEWORK_GROUPS.reduce((sum, label) => sum + groups[label]!, 0);
  return summary.busyMsPerRequest > 0 ? framework / summary.busyMsPerRequest : 0;
}
