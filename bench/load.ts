// The server under load: autocannon on loopback, 20 connections. Latencies are collected per
// response (autocannon's histogram has no p95), and any non-2xx answer or socket error counts
// as an error.
import autocannon from "autocannon";
import { maxOf, quantile } from "./browser";
import { type LoadAverage } from "./machine-load";

export type LoadFigures = {
  name: string;
  method: "GET" | "POST";
  path: string;
  /** "measured", or why not ("not built: 404"). */
  state: string;
  seconds: number;
  requests: number;
  throughputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  statusCounts: Record<string, number>;
  /** The machine's load around the measurement (bench/machine-load.ts). */
  loadAverage?: LoadAverage;
  /** GET only: the size of one response body, before compression. */
  documentBytes?: number;
};

export const CONNECTIONS = 20;

type Request = autocannon.Request;

async function run(
  name: string,
  options: autocannon.Options & { method: "GET" | "POST"; path: string },
): Promise<LoadFigures> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, connections: CONNECTIONS }, (error, result) =>
      error ? reject(error as Error) : resolve(result),
    );
    // autocannon emits (client, statusCode, bytes, responseTime); its typings omit the client.
    instance.on("response", (...args: unknown[]) => {
      const status = String(args[1]);
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      latencies.push(Number(args[3]));
    });
  });
  const non2xx = Object.entries(statusCounts)
    .filter(([status]) => !status.startsWith("2"))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    name,
    method: options.method,
    path: options.path,
    state: "measured",
    seconds: result.duration,
    requests: latencies.length,
    throughputPerSecond: latencies.length / result.duration,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    p99Ms: quantile(latencies, 0.99),
    maxMs: maxOf(latencies),
    errors: non2xx + result.errors,
    statusCounts: { ...statusCounts, ...(result.errors ? { socketErrors: result.errors } : {}) },
  };
}

export function notMeasured(
  name: string,
  method: "GET" | "POST",
  path: string,
  state: string,
): LoadFigures {
  return {
    name,
    method,
    path,
    state,
    seconds: 0,
    requests: 0,
    throughputPerSecond: 0,
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 0,
    errors: 0,
    statusCounts: {},
  };
}

export async function loadGet(
  name: string,
  origin: string,
  path: string,
  cookie: string,
  seconds: number,
): Promise<LoadFigures> {
  return run(name, {
    url: `${origin}${path}`,
    method: "GET",
    path,
    duration: seconds,
    headers: { cookie, accept: "text/html" },
  });
}

export type AutosaveTarget = {
  cookie: string;
  assessmentId: string;
  questionId: string;
  /** The answer's current revision (0 = never answered). */
  revision: number;
  answer: { kind: "value"; value: string | string[] };
};

/**
 * Autosave writes as the page sends them: one answer per POST to /v/answers, JSON, with the
 * revision it starts from. Consecutive requests go to different assessments (their rows are
 * locked per save) and a question is only written again after every other target had its
 * turn, with the revision the last response returned — so no write is stale and none
 * conflicts, unless an earlier write to it failed.
 */
export async function loadAutosave(
  origin: string,
  targets: AutosaveTarget[],
  seconds: number,
): Promise<LoadFigures> {
  let counter = 0;
  const request: Request = {
    method: "POST",
    path: "/v/answers",
    setupRequest(req: Request, context: object) {
      const index = counter++ % targets.length;
      const target = targets[index]!;
      (context as { index?: number }).index = index;
      return {
        ...req,
        headers: {
          ...req.headers,
          cookie: target.cookie,
          origin,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          questionId: target.questionId,
          answer: target.answer,
          comment: "",
          baseRevision: target.revision,
        }),
      };
    },
    onResponse(status: number, body: string, context: object) {
      if (status !== 200) return;
      const target = targets[(context as { index?: number }).index ?? -1];
      const revision = (JSON.parse(body) as { revision?: number }).revision;
      if (target && typeof revision === "number") target.revision = revision;
    },
  };
  return run("autosave (POST /v/answers)", {
    url: origin,
    method: "POST",
    path: "/v/answers",
    duration: seconds,
    requests: [request],
  });
}

/** JSON POSTs to `path`, each with the body `bodyOf(n)` for the n-th request (the floors). */
export async function loadJsonPosts(
  name: string,
  origin: string,
  path: string,
  bodyOf: (n: number) => string,
  seconds: number,
): Promise<LoadFigures> {
  let counter = 0;
  const request: Request = {
    method: "POST",
    path,
    setupRequest(req: Request) {
      return {
        ...req,
        headers: { ...req.headers, "content-type": "application/json" },
        body: bodyOf(counter++),
      };
    },
  };
  return run(name, { url: origin, method: "POST", path, duration: seconds, requests: [request] });
}
