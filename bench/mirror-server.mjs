// The mirror app's server (bench/mirror.ts, docs/decisions/433-page-mirrors.md): Remix's
// Express template and nothing else — express, compression, the build's static assets and
// @remix-run/express's request handler — in its own process; prints its port.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const dir = process.argv[2];
const build = await import(pathToFileURL(path.join(dir, "build", "server", "index.js")).href);

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(
  "/assets",
  express.static(path.join(dir, "build", "client", "assets"), { immutable: true, maxAge: "1y" }),
);
app.all("*", createRequestHandler({ build, mode: "production" }));

const server = app.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  process.exit(0);
});
