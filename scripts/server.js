// The HTTP server: Remix's Express adapter plus the few things that must happen before any
// route runs (docs/decisions/002-small-express-server.md):
//   - the same-origin check on every non-GET request, answered with 403;
//   - the security headers on every response, static files included;
//   - the client address from the socket (or a trusted proxy), for rate limits.
// The rules themselves live in the app (app/http/*, exported through entry.server.tsx as
// `serverHooks`), so the server and the tests use one implementation.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || undefined;

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
app.use(compression());

app.use(async (req, res, next) => {
  const hooks = viteDevServer ? hooksOf(await loadBuild()) : hooksOf(initialBuild);
  for (const [name, value] of Object.entries(hooks.securityHeaders)) res.setHeader(name, value);
  const headers = new Headers();
  for (const name of ["origin", "sec-fetch-site", "host", "x-forwarded-host"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
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
  const url = `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`;
  if (!hooks.isSameOrigin(new Request(url, { method: req.method, headers }), hooks.appUrl)) {
    res.status(403).type("text/plain").send(hooks.crossOriginMessage);
    return;
  }
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Vite fingerprints everything under /assets: cache it for a year.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

// Every loader and action wrapped once: a database outage is a 503, and resource routes keep
// their own error messages (app/http/route-errors.server.ts).
const wrapBuild = (build) => hooksOf(build).withRouteErrorHandling(build);
const servedBuild = viteDevServer ? undefined : wrapBuild(initialBuild);

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? async () => wrapBuild(await loadBuild()) : servedBuild,
    mode: production ? "production" : "development",
    getLoadContext: (req) => ({ clientIp: req.ip ?? null }),
  }),
);

app.listen(port, host, () => {
  console.log(
    `Assay is listening on http://localhost:${port}${production ? "" : " (development)"}`,
  );
});
