#!/usr/bin/env node
// `npm run test:e2e`: build the app, find a browser, give each Playwright process a server and a
// fresh database of its own (a new database on DATABASE_URL's server, or a temporary PGlite
// directory), run them, and clean up.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { measuredSeconds, specFiles, splitSpecs } from "./e2e-shards.mjs";

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  return result.status ?? 1;
}

function findBrowser() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ].filter(Boolean);
  for (const candidate of candidates)
    if (existsSync(candidate)) return { executablePath: candidate };
  return null;
}

async function playwrightBrowserReady() {
  const { chromium } = await import("playwright-core");
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

const browser = findBrowser();
if (!browser && !(await playwrightBrowserReady())) {
  console.log(
    "No Chromium found (CHROMIUM_PATH, /usr/bin/chromium); trying `npx playwright install chromium`…",
  );
  if (
    run("npx", ["playwright", "install", "chromium"]) !== 0 ||
    !(await playwrightBrowserReady())
  ) {
    console.error(
      "No browser for the end-to-end tests: install Debian's Chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.",
    );
    process.exit(1);
  }
}

if (!process.argv.includes("--no-build") && run("npx", ["remix", "vite:build"]) !== 0)
  process.exit(1);

const base = {
  ...process.env,
  SEED_DEMO: "true",
  SMTP_URL: "",
  // The remediation journey runs the scheduler "as of" a later date (/admin/jobs).
  ALLOW_TEST_CLOCK: "true",
};

/** A fresh database for one shard: a new database on DATABASE_URL's server, or a PGlite directory. */
async function freshDatabase(env) {
  if (process.env.DATABASE_URL) {
    const { default: postgres } = await import("postgres");
    const name = `assay_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    return {
      label: `PostgreSQL (fresh database ${name})`,
      cleanup: async () => {
        const again = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
        await again.unsafe(`drop database if exists "${name}" with (force)`);
        await again.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "assay-e2e-"));
  env.DATA_DIR = dir;
  return {
    label: `embedded PGlite (${dir})`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Run Playwright with `args` and `env`, each output line prefixed with `tag`; resolves to its exit status. */
function playwright(args, env, tag) {
  return new Promise((resolve) => {
    const child = spawn("npx", ["playwright", "test", ...args], {
      env,
      stdio: tag ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    if (tag)
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let rest = "";
        from.setEncoding("utf8");
        from.on("data", (chunk) => {
          const lines = (rest + chunk).split("\n");
          rest = lines.pop() ?? "";
          for (const line of lines) to.write(`${tag} ${line}\n`);
        });
        from.on("end", () => rest && to.write(`${tag} ${rest}\n`));
      }
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const passthrough = process.argv.slice(2).filter((a) => a !== "--no-build");
// With any argument (files, --grep, …) Playwright runs once, as given. The whole suite runs in
// E2E_SHARDS processes side by side, each with its own server, database and ports. A shard is
// a browser, a server and PostgreSQL at work, CPU-bound: by default one per four cores, so one
// on a two-core machine, where two were slower than one (docs/decisions/425-e2e-shards.md).
const named = passthrough.length > 0;
const requested = Number(
  process.env.E2E_SHARDS ?? Math.min(4, Math.max(1, Math.floor(availableParallelism() / 4))),
);
if (!Number.isInteger(requested) || requested < 1) {
  console.error(
    `E2E_SHARDS must be a whole number of processes (1 or more), got "${process.env.E2E_SHARDS}".`,
  );
  process.exit(1);
}
// One process is given no file list: Playwright runs the whole suite, as it always did.
const groups =
  named || requested === 1 ? [[]] : splitSpecs(specFiles(), measuredSeconds(), requested);
const basePort = Number(process.env.E2E_PORT ?? 3100);
const outputDir = process.env.E2E_OUTPUT_DIR ?? "test-results";
const cleanups = [];
const started = Date.now();
let statuses;
try {
  statuses = await Promise.all(
    groups.map(async (files, index) => {
      const env = { ...base, SESSION_SECRET: randomBytes(32).toString("hex") };
      const db = await freshDatabase(env);
      cleanups.push(db.cleanup);
      const tag = groups.length > 1 ? `[${index + 1}/${groups.length}]` : "";
      if (groups.length > 1) {
        // Ports beside each shard's server (+1 to +12) stay clear of the next shard's.
        env.E2E_PORT = String(basePort + 50 * index);
        env.E2E_OUTPUT_DIR = path.join(outputDir, `shard-${index + 1}`);
      }
      console.log(
        `${tag ? `${tag} ` : ""}End-to-end tests on ${db.label}${files.length ? `: ${files.length} spec files` : ""}.`,
      );
      const status = await playwright([...passthrough, ...files], env, tag);
      if (tag)
        console.log(
          `${tag} finished with status ${status} after ${Math.round((Date.now() - started) / 1000)} s.`,
        );
      return status;
    }),
  );
} finally {
  for (const cleanup of cleanups) await cleanup();
}
process.exit(statuses.find((status) => status !== 0) ?? 0);
