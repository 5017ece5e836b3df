#!/usr/bin/env node
// `npm run test:e2e`: build the app, find a browser, give the server a fresh database
// (a new database on DATABASE_URL's server, or a temporary PGlite directory), run Playwright,
// and clean up.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

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

const env = {
  ...process.env,
  SESSION_SECRET: randomBytes(32).toString("hex"),
  SEED_DEMO: "true",
  SMTP_URL: "",
  // The remediation journey runs the scheduler "as of" a later date (/admin/jobs).
  ALLOW_TEST_CLOCK: "true",
};
let cleanup = () => {};
if (process.env.DATABASE_URL) {
  const { default: postgres } = await import("postgres");
  const name = `assay_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  console.log(`End-to-end tests on PostgreSQL (fresh database ${name}).`);
  cleanup = async () => {
    const again = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await again.unsafe(`drop database if exists "${name}" with (force)`);
    await again.end();
  };
} else {
  const dir = mkdtempSync(path.join(tmpdir(), "assay-e2e-"));
  env.DATA_DIR = dir;
  console.log(`End-to-end tests on embedded PGlite (${dir}).`);
  cleanup = () => rmSync(dir, { recursive: true, force: true });
}

const passthrough = process.argv.slice(2).filter((a) => a !== "--no-build");
const status = run("npx", ["playwright", "test", ...passthrough], env);
await cleanup();
process.exit(status);
