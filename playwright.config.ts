import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Run through `npm run test:e2e` (scripts/e2e.mjs), which builds the app, finds a browser
// and prepares a fresh database before Playwright starts the server.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The identity provider the single sign-on journey signs in with, started below.
// Ports beside the app's: +1 the test OpenID provider (below); specs that start servers of their
// own take +3 and +4 (startup), +5 (database outage), +10 to +12 (two instances).
const oidcPort = port + 1;
// Debian's Chromium (or CHROMIUM_PATH) when present, else Playwright's own browser.
const executablePath = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
].find((candidate): candidate is string => !!candidate && existsSync(candidate));

export default defineConfig({
  testDir: "./e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  // One server, one database per Playwright process: its journeys run one at a time and build on
  // the same seed. On a machine with cores to spare, `npm run test:e2e` runs several such
  // processes side by side, each on its own port and database, with the spec files split by
  // measured time (E2E_SHARDS, scripts/e2e-shards.mjs, docs/decisions/425-e2e-shards.md).
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      args: executablePath
        ? [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ]
        : [],
    },
  },
  webServer: [
    {
      // A real OpenID provider (docs/decisions/214-oidc-tests-real-provider.md).
      command: "npx tsx e2e/oidc-provider-server.ts",
      url: `http://localhost:${oidcPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...(process.env as Record<string, string>),
        NODE_ENV: "test",
        E2E_OIDC_PORT: String(oidcPort),
        E2E_APP_URL: baseURL,
      },
    },
    {
      command: "node scripts/server.js",
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...(process.env as Record<string, string>),
        NODE_ENV: "production",
        PORT: String(port),
        // The webhook journey's receiver runs on this machine, and its retry is not a long wait.
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        WEBHOOK_RETRY_SECONDS: "2",
        // Single sign-on is not in the environment: the journey sets it up in the admin's
        // settings against the provider above (docs/decisions/280-oidc-in-admin-settings.md).
      },
    },
  ],
});
