// The HTTP server: Remix's Express adapter plus the few things that must happen before any
// route runs (docs/decisions/002-small-express-server.md):
//   - the same-origin check on every non-GET request, answered with 403;
//   - the security headers on every response, static files included;
//   - the client address from the socket (or a trusted proxy), for rate limits;
//   - a size limit on every request body, enforced while it streams in
//     (docs/decisions/123-request-body-limits.md).
// The rules themselves live in the app (app/http/*, exported through entry.server.tsx as
// `serverHooks`), so the server and the tests use one implementation.
//
// With PostgreSQL, WEB_CONCURRENCY (a number, or "auto" for one per CPU) runs that many worker
// processes on the one port (node:cluster); each is a full instance, as several instances
// behind a proxy are (docs/decisions/321-worker-processes.md). Embedded PGlite is one process.
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import cluster from "node:cluster";
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";

/** Every file under `dir`, as URL paths below `prefix` ("/favicon.svg"). */
function listFiles(dir, prefix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;

/** How many worker processes to run: WEB_CONCURRENCY, 1 unless PostgreSQL is configured. */
function workerCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim() ?? "";
  if (raw === "") return 1;
  const count = raw === "auto" ? os.availableParallelism() : Number(raw);
  if (!Number.isSafeInteger(count) || count < 1 || count > 256) {
    console.error(
      `WEB_CONCURRENCY must be a number of processes (1 to 256) or "auto" (one per CPU), not "${raw}".`,
    );
    process.exit(1);
  }
  if (count > 1 && !process.env.DATABASE_URL) {
    console.warn(
      `WEB_CONCURRENCY=${raw} ignored: the embedded database (PGlite) is opened by one process. Set DATABASE_URL to run several.`,
    );
    return 1;
  }
  if (count > 1 && !production) {
    console.warn(`WEB_CONCURRENCY=${raw} ignored: the development server is one process.`);
    return 1;
  }
  return count;
}

/**
 * The primary process of cluster mode: starts the workers, starts a worker again when one
 * dies after it was serving, stops when one fails to start (the others would fail the same
 * way: a bad environment, a refused library), and passes SIGTERM/SIGINT on.
 */
function runPrimary(count) {
  console.log(`Starting ${count} worker processes on port ${port} (WEB_CONCURRENCY).`);
  let stopping = false;
  const serving = new WeakSet();
  cluster.on("listening", (worker) => serving.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!serving.has(worker)) {
      console.error(
        `A worker process stopped before it was serving (${signal ?? `exit code ${code}`}); stopping.`,
      );
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGTERM");
      process.exitCode = code || 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode);
      return;
    }
    console.error(
      `Worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`,
    );
    cluster.fork();
  });
  for (const name of ["SIGTERM", "SIGINT"]) {
    process.on(name, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(name);
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  }
  for (let i = 0; i < count; i++) cluster.fork();
}

const workers = workerCount();
if (cluster.isPrimary && workers > 1) runPrimary(workers);
else await serve();

/** One server process: the whole app (in cluster mode, each worker runs this). */
async function serve() {
  const viteDevServer = production
    ? undefined
    : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  async function loadBuild() {
    return viteDevServer
      ? viteDevServer.ssrLoadModule("virtual:remix/server-build")
      : import(new URL("../build/server/index.js", import.meta.url).href);
  }

  // Importing the build runs the app's start-up: the environment is checked (the process stops
  // with a message naming a bad variable) and the database is opened, migrated and seeded.
  const initialBuild = await loadBuild();
  const hooksOf = (build) => build.entry.module.serverHooks;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", hooksOf(initialBuild).trustProxy);

  // What applies to every request. An error in it goes to Express's error handler (a 500),
  // never out of the process as an unhandled rejection, which would stop the server for
  // everyone (docs/decisions/422-malformed-host.md).
  app.use((req, res, next) => checkRequest(req, res, next).catch(next));
  async function checkRequest(req, res, next) {
    const hooks = viteDevServer ? hooksOf(await loadBuild()) : hooksOf(initialBuild);
    for (const [name, value] of Object.entries(hooks.securityHeaders(req.secure)))
      res.setHeader(name, value);
    // A declared body over the path's limit: 413 before a byte of it is read.
    if (hooks.refuseDeclaredTooLarge(req, res)) return;
    // Answers given without reading a body close the connection rather than read it, with a
    // lingering close so the answer is not lost to a reset (app/http/body-limit.server.ts).
    if (hooks.hasPendingBody(req)) {
      res.setHeader("Connection", "close");
      hooks.closeLingeringIfUnread(req, res);
    }
    // A Host (or, behind a trusted proxy, an X-Forwarded-Host) that is not a host name: no
    // URL can be made for the request, and Remix and the origin rule both need one. No
    // browser sends it; the answer says what is wrong, before anything else reads it.
    if (
      !URL.canParse(`http://${req.get("host") ?? "localhost"}/`) ||
      !URL.canParse(`http://${req.hostname ?? "localhost"}/`)
    ) {
      res.status(400).type("text/plain").send(hooks.badHostMessage);
      return;
    }
    // The API is read-only: any other method is a JSON 405, whatever its origin. Nothing runs
    // for it, so answering before the same-origin check opens nothing.
    const refusal = hooks.apiMethodRefusal(req.method, req.path);
    if (refusal) {
      res.status(refusal.status);
      refusal.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(await refusal.text());
      return;
    }
    // The one origin rule, which also refuses what Remix's own check would fail with a 500
    // (docs/decisions/185-one-origin-rule.md). It reads a plain view of the request: a Fetch
    // Request and Headers made here for every request cost more than the rule itself
    // (docs/decisions/420-origin-rule-without-fetch-objects.md). GET and HEAD pass at once.
    const refused =
      req.method === "GET" || req.method === "HEAD"
        ? null
        : hooks.originRefusal(
            {
              method: req.method,
              url: `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`,
              headers: { get: (name) => req.get(name) || null },
            },
            hooks.appUrl,
            hooks.trustProxy,
          );
    if (refused) {
      // For the operator: a proxy that rewrites Host needs X-Forwarded-Host, and APP_URL or
      // TRUST_PROXY (docs/operations.md).
      console.warn(
        `Refused a ${req.method} to ${req.path} (${refused}): Origin ${req.get("origin") ?? "(none)"} is not this app (Host ${req.get("host")}, X-Forwarded-Host ${req.get("x-forwarded-host") ?? "(none)"}, APP_URL ${hooks.appUrl}, TRUST_PROXY ${hooks.trustProxy}).`,
      );
      res.status(403).type("text/plain").send(hooks.crossOriginMessage);
      return;
    }
    next();
  }

  // Autosave, the request a vendor's page sends while they type, is answered here with the
  // route's own code, without Remix's request handler: the checks above have run, and its
  // body limit, its session check and its outage answer are the route's
  // (app/http/autosave-endpoint.server.ts, docs/decisions/400-lean-autosave.md). Its small
  // JSON answers are not compressed.
  app.post("/v/answers", async (req, res, next) => {
    try {
      const hooks = viteDevServer ? hooksOf(await loadBuild()) : hooksOf(initialBuild);
      await hooks.serveAutosave(req, res);
    } catch (error) {
      if (!res.headersSent) next(error);
      else res.destroy();
    }
  });

  app.use(compression());

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    // Vite fingerprints everything under /assets: cache it for a year.
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    // The few other files (favicon.svg) are listed once, as the build does not change while the
    // server runs: a page's path then costs no file-system lookup (docs/decisions/404-server-runtime-costs.md).
    const clientFiles = new Set(
      listFiles("build/client", "/").filter((p) => !p.startsWith("/assets/")),
    );
    const serveClientFile = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) =>
      clientFiles.has(req.path) ? serveClientFile(req, res, next) : next(),
    );
  }

  // Every loader and action wrapped once: a database outage is a 503, and resource routes keep
  // their own error messages (app/http/route-errors.server.ts).
  const wrapBuild = (build) => hooksOf(build).withRouteErrorHandling(build);
  const servedBuild = viteDevServer ? undefined : wrapBuild(initialBuild);

  function requestHeaders(req) {
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headers)) {
      if (Array.isArray(values)) for (const value of values) headers.append(name, value);
      else if (values) headers.set(name, values);
    }
    return headers;
  }

  async function sendResponse(req, res, response) {
    // Answered without reading the whole body (a 401 before an upload, say): close the
    // connection rather than read and discard the rest before the next request.
    if (!req.complete) res.setHeader("Connection", "close");
    res.statusMessage = response.statusText;
    res.status(response.status);
    for (const [name, value] of response.headers.entries()) res.append(name, value);
    if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
  }

  // What Remix's Express adapter (@remix-run/express) does, except that the body handed to Remix is the counted stream: it
  // fails, and the client gets a 413 at once, when it passes the path's limit.
  const handleRemix = createRequestHandler(
    viteDevServer ? async () => wrapBuild(await loadBuild()) : servedBuild,
    production ? "production" : "development",
  );
  // Like every handler here, its errors go to Express, never out of the process (decision 422).
  app.all("*", (req, res, next) =>
    remixRequest(req, res, next).catch((error) => (res.headersSent ? res.destroy() : next(error))),
  );
  async function remixRequest(req, res, next) {
    const hooks = viteDevServer ? hooksOf(await loadBuild()) : hooksOf(initialBuild);
    let controller = new AbortController();
    const body = hooks.limitRequestBody(req, res, req.path, () => controller?.abort());
    if (!body.ok) return;
    res.removeHeader("Connection");
    const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
    const [, hostPort] = req.get("host")?.split(":") ?? [];
    const port = [forwardedPort, hostPort]
      .map((p) => Number.parseInt(p ?? "", 10))
      .find((p) => Number.isSafeInteger(p));
    const url = new URL(
      `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
    );
    const init = {
      method: req.method,
      headers: requestHeaders(req),
      signal: controller.signal,
    };
    if (body.stream) {
      init.body = createReadableStreamFromReadable(body.stream);
      init.duplex = "half";
    }
    // Abort the loaders and actions if the client goes away before the answer is sent.
    res.on("finish", () => (controller = null));
    res.on("close", () => controller?.abort());
    try {
      const response = await handleRemix(new Request(url.href, init), {
        clientIp: req.ip ?? null,
      });
      // Refused meanwhile (the body passed its limit): the 413 has been sent.
      if (res.headersSent) return;
      await sendResponse(req, res, response);
    } catch (error) {
      if (!res.headersSent) next(error);
    }
  }

  app.listen(port, host, () => {
    console.log(
      `Assay is listening on http://localhost:${port}${production ? "" : " (development)"}`,
    );
  });
}
