#!/usr/bin/env node
// Two Assay instances on one PostgreSQL behind a round-robin proxy
// (docs/decisions/191-two-instances-tested.md): what "several instances" means in production,
// on one machine. The end-to-end test e2e/two-instances.spec.ts starts it through
// `startTwoInstances`; run it by hand after `npm run build`:
//
//   DATABASE_URL=postgres://… SESSION_SECRET=… [S3_BUCKET=… S3_ENDPOINT=…] [SMTP_URL=…] \
//     node scripts/two-instances.mjs [--port 3000]
//
// The proxy listens on --port (default 3000), the instances on the next two ports. Every
// instance gets the same environment: DATABASE_URL, SESSION_SECRET, APP_URL (the proxy's
// address unless set), TRUST_PROXY=true (the proxy rewrites Host and sends X-Forwarded-Host),
// and whatever S3_* and SMTP_* settings are set. Without S3_BUCKET each instance keeps
// evidence on its own disk, and a file uploaded through one is missing on the other.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startRoundRobinProxy } from "./round-robin-proxy.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function waitForHealthy(instance, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (instance.process.exitCode !== null)
      throw new Error(`Instance on port ${instance.port} stopped:\n${instance.log()}`);
    const ok = await fetch(`${instance.url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Instance on port ${instance.port} did not become healthy:\n${instance.log()}`);
}

function startInstance(port, env, echo) {
  const child = spawn(process.execPath, [path.join(root, "scripts/server.js")], {
    cwd: root,
    env: { ...env, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (echo) process.stdout.write(`[${port}] ${chunk}`);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  return { port, url: `http://127.0.0.1:${port}`, process: child, log: () => log };
}

async function stopInstance(instance) {
  if (instance.process.exitCode !== null) return;
  const exited = new Promise((r) => instance.process.once("exit", r));
  instance.process.kill("SIGTERM");
  const timer = setTimeout(() => instance.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts both instances at once (so they race through migrations and the demo seed, as a
 * rolling deployment's first start would), waits until both answer /healthz, then starts the
 * proxy. `env` must hold DATABASE_URL; SESSION_SECRET is generated when missing.
 */
export async function startTwoInstances({
  proxyPort,
  instancePorts = [proxyPort + 1, proxyPort + 2],
  env = process.env,
  echo = false,
  timeoutMs = 120_000,
}) {
  if (!env.DATABASE_URL)
    throw new Error("DATABASE_URL must name the PostgreSQL both instances share");
  if (!existsSync(path.join(root, "build/server/index.js")))
    throw new Error("No build: run `npm run build` first");
  const shared = {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET || randomBytes(32).toString("hex"),
    APP_URL: env.APP_URL || `http://localhost:${proxyPort}`,
    TRUST_PROXY: "true",
  };
  const instances = instancePorts.map((port) => startInstance(port, shared, echo));
  const stopAll = () => Promise.all(instances.map(stopInstance));
  try {
    await Promise.all(instances.map((i) => waitForHealthy(i, timeoutMs)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const proxy = await startRoundRobinProxy({
    port: proxyPort,
    targets: instances.map((i) => i.url),
  });
  return {
    url: proxy.url,
    instances,
    proxy,
    async stop() {
      await proxy.close();
      await stopAll();
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--port");
  const proxyPort = Number(at > 0 ? process.argv[at + 1] : process.env.PORT || 3000);
  try {
    const running = await startTwoInstances({ proxyPort, echo: true });
    console.log(
      `Assay on ${running.url}: requests alternate between ${running.instances.map((i) => i.url).join(" and ")}. Ctrl-C stops all three.`,
    );
    const stop = async () => {
      await running.stop();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
