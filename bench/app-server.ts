// The built app, started as production starts it (scripts/server.js), and the two ways in:
// a staff login (POST /login) and vendor sessions (POST /respond/:token from the Continue
// page). Non-GET requests carry an Origin equal to the app's, as a browser's do.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { freePort } from "./database";

export type AppServer = {
  origin: string;
  /** The server's process id (for CPU affinity during the browser runs). */
  pid: number;
  stop(): Promise<void>;
  /** The server's recent output, for error messages. */
  output(): string;
};

export function buildApp(log: (line: string) => void): void {
  log("Building the app (npm run build)…");
  const result = spawnSync("npm", ["run", "-s", "build"], { stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) throw new Error("npm run build failed");
}

/**
 * The Node options production runs the server with, from package.json's `serve` script (the
 * words between `node` and `scripts/server.js`), so that the bench measures the server as
 * `npm start` and `npm run serve` run it (decision 404: the young generation's size).
 */
export function productionNodeFlags(
  packageJson: string = readFileSync("package.json", "utf8"),
): string[] {
  const scripts = (JSON.parse(packageJson) as { scripts?: Record<string, string> }).scripts ?? {};
  const serve = scripts.serve ?? "";
  const match = /(?:^|\s)node((?: --?[\w-]+(?:=\S+)?)*) scripts\/server\.js/.exec(serve);
  if (!match)
    throw new Error(`package.json's serve script does not run node scripts/server.js: ${serve}`);
  return match[1]!.split(" ").filter(Boolean);
}

export async function startApp(
  env: Record<string, string>,
  { profileDir }: { profileDir?: string } = {},
): Promise<AppServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
  const nodeArgs = [
    ...productionNodeFlags(),
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  // With profileDir, the server profiles itself on SIGUSR2 (bench/profiler-hook.mjs, decision 386).
  if (profileDir) nodeArgs.push("--import", "./bench/profiler-hook.mjs");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "scripts/server.js"], {
    env: {
      ...process.env,
      ...env,
      ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}),
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: origin,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      SEED_DEMO: "false",
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app server exited:\n${output}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app server did not become healthy in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    origin,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function cookieFrom(response: Response, name: string): string {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    if (pair?.startsWith(`${name}=`)) return pair;
  }
  throw new Error(`No ${name} cookie in the response (status ${response.status})`);
}

/** Signs in through the login form; returns the Cookie header value of the staff session. */
export async function staffLogin(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  if (response.status !== 302 && response.status !== 303) {
    throw new Error(`Staff login failed with ${response.status}: ${await response.text()}`);
  }
  return cookieFrom(response, "assay_session");
}

/** The Continue-page POST: a vendor session for the token's assessment, as a Cookie header. */
export async function vendorSession(origin: string, token: string): Promise<string> {
  const response = await fetch(`${origin}/respond/${token}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
  });
  return cookieFrom(response, "assay_vendor");
}
