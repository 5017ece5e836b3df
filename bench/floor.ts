// The floors the budgets are ratios to (docs/decisions/261-bench-floors.md), measured in the
// same run as what they judge:
//   - the framework floor: a minimal Remix 2 + React 18 page, built with the app's own Remix
//     options and Vite, whose JavaScript (gzip) is what any Remix page costs at least;
//   - the raw upsert: a bare `postgres` client upserting one row per statement at the same 20
//     connections the autosave load uses, into a table of its own in the bench database;
//   - the bare HTTP upsert: the same upsert behind the smallest Node.js HTTP server (node:http,
//     no framework), loaded as autosave is (decision 398).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { maxOf, quantile } from "./browser";
import { CONNECTIONS, loadJsonPosts } from "./load";
import { processCpuMs } from "./proc";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] };
type RemixManifest = {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
};

/** The browser manifest Remix's Vite build writes (`window.__remixManifest={…}`). */
export function readRemixManifest(clientDir: string): RemixManifest {
  const assets = path.join(clientDir, "assets");
  const file = readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`No Remix manifest in ${assets}`);
  const text = readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("=") + 1).replace(/;\s*$/, "")) as RemixManifest;
}

export type PageScripts = { files: number; bytes: number; gzipBytes: number };

/**
 * The JavaScript a first load of `routeId` fetches: the client entry, the route and each of its
 * parents, and every module they import (Remix lists them all as modulepreloads), each counted
 * once, gzip level 6 as the app's `compression` sends them.
 */
export function pageScripts(clientDir: string, routeId: string): PageScripts {
  const manifest = readRemixManifest(clientDir);
  const urls = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  for (
    let route = manifest.routes[routeId];
    route;
    route = route.parentId ? manifest.routes[route.parentId] : undefined
  ) {
    urls.add(route.module);
    for (const url of route.imports ?? []) urls.add(url);
  }
  if (!manifest.routes[routeId]) throw new Error(`No route ${routeId} in the manifest`);
  let bytes = 0;
  let gzipBytes = 0;
  for (const url of urls) {
    const body = readFileSync(path.join(clientDir, url));
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 6 }).length;
  }
  return { files: urls.size, bytes, gzipBytes };
}

const ROOT = `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}
`;

const INDEX = `import { useLoaderData } from "@remix-run/react";
import { useState } from "react";

export function loader() {
  return { question: "What is your organisation called?" };
}

export default function Index() {
  const { question } = useLoaderData<typeof loader>();
  const [value, setValue] = useState("");
  return (
    <main>
      <label htmlFor="q1">{question}</label>
      <input id="q1" value={value} onChange={(event) => setValue(event.target.value)} />
    </main>
  );
}
`;

/**
 * Builds a minimal Remix 2 app beside this one and returns its directory: `files` (paths under
 * it, such as `app/root.tsx`), a package.json with the app's own versions of what a Remix 2 app
 * depends on (Remix reads its runtime there), and the app's Remix options and Vite, built as the
 * app builds (`npm run build`: the client, then the server build that writes the browser
 * manifest). It lives inside node_modules/.cache, so that the build resolves react and Remix from
 * the app's node_modules (and nothing of it is ever committed); the caller removes it.
 */
export function buildMinimalRemix(name: string, files: Record<string, string>): string {
  const cache = path.join(repo, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, `${name}-`));
  try {
    const appPackage = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const written: Record<string, string> = {
      "package.json": JSON.stringify({
        name,
        private: true,
        type: "module",
        dependencies: Object.fromEntries(
          ["@remix-run/node", "@remix-run/react", "isbot", "react", "react-dom"].map(
            (dependency) => [dependency, appPackage.dependencies[dependency]],
          ),
        ),
        devDependencies: { "@remix-run/dev": appPackage.devDependencies["@remix-run/dev"] },
      }),
      // Remix's Vite plugin needs a config file (it starts the server build from it).
      "vite.config.mjs": [
        `import { vitePlugin as remix } from "@remix-run/dev";`,
        `import { defineConfig } from "vite";`,
        `import remixConfig from ${JSON.stringify(path.join(repo, "remix.config.js"))};`,
        `export default defineConfig({ plugins: [remix(remixConfig)], build: { target: "es2022" } });`,
        "",
      ].join("\n"),
      ...files,
    };
    for (const [file, text] of Object.entries(written)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const built = spawnSync(
      process.execPath,
      [path.join(repo, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" },
    );
    if (built.status !== 0) throw new Error(`${name} did not build:\n${built.stderr}`);
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Builds the minimal page (one root layout, one route with a loader and a controlled input) with
 * the app's Remix options, and measures its JavaScript as `pageScripts` measures the app's.
 */
export async function buildFrameworkFloor(): Promise<PageScripts & { routeId: string }> {
  const dir = buildMinimalRemix("assay-bench-floor", {
    "app/root.tsx": ROOT,
    "app/routes/_index.tsx": INDEX,
  });
  try {
    return {
      routeId: "routes/_index",
      ...pageScripts(path.join(dir, "build", "client"), "routes/_index"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type UpsertFigures = {
  name: string;
  state: string;
  seconds: number;
  requests: number;
  throughputPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
};

/**
 * 20 connections, each upserting one row per statement (a jsonb answer and a revision bumped
 * by one, on a two-column primary key like answers') for `seconds`: what the same PostgreSQL
 * needs for the smallest write an autosave could be.
 */
export async function measureRawUpsert(url: string, seconds: number): Promise<UpsertFigures> {
  const sql = postgres(url, { max: CONNECTIONS, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`create table if not exists bench_floor_upsert (
      assessment integer not null, question text not null, answer jsonb, revision integer not null,
      primary key (assessment, question))`;
    // Every connection open before the clock starts, as autocannon's are.
    await Promise.all(Array.from({ length: CONNECTIONS }, () => sql`select 1`));
    const latencies: number[] = [];
    let errors = 0;
    let counter = 0;
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < end) {
          const n = counter++;
          const answer = {
            kind: "value",
            value: `Raw upsert ${n}: reviewed by the security team.`,
          };
          const start = performance.now();
          try {
            await sql`insert into bench_floor_upsert (assessment, question, answer, revision)
              values (${n % 40}, ${`q${Math.floor(n / 40) % 300}`}, ${sql.json(answer)}, 1)
              on conflict (assessment, question) do update
              set answer = excluded.answer, revision = bench_floor_upsert.revision + 1`;
            latencies.push(performance.now() - start);
          } catch {
            errors++;
          }
        }
      }),
    );
    const duration = (performance.now() - started) / 1000;
    await sql`drop table bench_floor_upsert`;
    return {
      name: "raw upsert (postgres, 20 connections)",
      state: "measured",
      seconds: duration,
      requests: latencies.length,
      throughputPerSecond: latencies.length / duration,
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      p99Ms: quantile(latencies, 0.99),
      maxMs: maxOf(latencies),
      errors,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The raw upsert behind node:http (bench/bare-upsert-server.mjs, its own process with the app's
 * pool of 10 connections), at the 20 connections autosave is loaded with: what any Node.js
 * endpoint saving one answer costs on this machine before it does anything else (decision 398).
 */
export async function measureBareHttpUpsert(
  url: string,
  seconds: number,
): Promise<UpsertFigures & { cpuMsPerRequest: number | null }> {
  const table = "bench_floor_http_upsert";
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  await sql`create table if not exists ${sql(table)} (
    assessment integer not null, question text not null, answer jsonb, revision integer not null,
    primary key (assessment, question))`;
  const child = spawn(process.execPath, [path.join(here, "bare-upsert-server.mjs")], {
    env: { ...process.env, DATABASE_URL: url, BENCH_FLOOR_TABLE: table },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve((JSON.parse(line) as { port: number }).port);
      });
      child.once("exit", (code) =>
        reject(new Error(`The bare HTTP floor server exited (${code})`)),
      );
    });
    const origin = `http://127.0.0.1:${port}`;
    const bodyOf = (n: number) =>
      JSON.stringify({
        assessment: n % 40,
        question: `q${Math.floor(n / 40) % 300}`,
        answer: { kind: "value", value: `Bare HTTP upsert ${n}: reviewed by the security team.` },
      });
    // Its pool's connections open, outside the clock.
    await loadJsonPosts("warm-up", origin, "/", bodyOf, 1);
    const cpuBefore = processCpuMs(child.pid!);
    const figures = await loadJsonPosts("bare HTTP upsert", origin, "/", bodyOf, seconds);
    const cpuAfter = processCpuMs(child.pid!);
    return {
      name: "bare HTTP upsert (node:http + postgres, 20 connections)",
      state: "measured",
      seconds: figures.seconds,
      requests: figures.requests,
      throughputPerSecond: figures.throughputPerSecond,
      p50Ms: figures.p50Ms,
      p95Ms: figures.p95Ms,
      p99Ms: figures.p99Ms,
      maxMs: figures.maxMs,
      errors: figures.errors,
      cpuMsPerRequest:
        cpuBefore !== null && cpuAfter !== null && figures.requests > 0
          ? (cpuAfter - cpuBefore) / figures.requests
          : null,
    };
  } finally {
    child.kill("SIGTERM");
    await sql`drop table if exists ${sql(table)}`;
    await sql.end({ timeout: 5 });
  }
}
