// Each page's framework floor (decision 433): the page's own document and loader data, served
// by a minimal Remix 2 + React 18 app under the same load. The mirror app has none of Assay's
// code — no session, no database, no security headers, no components of its own: its loaders
// return the page's captured loader data and its route renders the page's captured markup again
// with React.createElement, element for element, on every request. What the page costs beyond
// its mirror is Assay's own work; what the mirror costs is what Remix and React need to send
// that document and that data on this machine, whatever code made them.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decode } from "turbo-stream";
import { productionNodeFlags } from "./app-server";
import { type LoadFigures, loadGet } from "./load";
import { processCpuMs } from "./proc";
import { buildMinimalRemix } from "./floor";
import {
  countElements,
  findElement,
  type MarkupElement,
  parseMarkup,
  propsOf,
  withoutNodes,
} from "./markup";
import { type MirrorNode, toMirror } from "./mirror-render";

const here = path.dirname(fileURLToPath(import.meta.url));

export type MirrorPage = {
  /** The page's document as the app sent it, in bytes. */
  documentBytes: number;
  /** Elements in the page's head and body, without its scripts. */
  elements: number;
  htmlProps: Record<string, unknown>;
  bodyProps: Record<string, unknown>;
  head: MirrorNode[];
  body: MirrorNode[];
  /** Every matched route's loader data but the leaf's, as the root's. */
  rootData: unknown;
  /** The leaf route's loader data. */
  routeData: unknown;
};

/** Scripts and module preloads: the mirror's own `<Scripts />` writes its own. */
function isScript(element: MarkupElement): boolean {
  const tag = element.tag.toLowerCase();
  if (tag === "script") return true;
  if (tag !== "link") return false;
  return element.attributes.some(([name, value]) => name === "rel" && value === "modulepreload");
}

/** Remix single fetch's data URL for a document path (`/` → `/_root.data`). */
export function dataUrl(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, "http://x");
  const pathname = url.pathname === "/" ? "/_root.data" : `${url.pathname.replace(/\/$/, "")}.data`;
  return `${pathname}${url.search}`;
}

/**
 * Reads one page as a browser's first visit gets it — its document, then its loader data from
 * Remix's data URL — into what the mirror app serves.
 */
export async function capturePage(
  origin: string,
  pathAndQuery: string,
  cookie: string,
): Promise<MirrorPage> {
  const headers = { cookie, accept: "text/html" };
  const document = await fetch(`${origin}${pathAndQuery}`, { headers, redirect: "manual" });
  const html = await document.text();
  if (document.status !== 200) throw new Error(`${pathAndQuery} answered ${document.status}`);
  const tree = parseMarkup(html);
  const htmlElement = findElement(tree, "html");
  const head = findElement(tree, "head");
  const body = findElement(tree, "body");
  if (!htmlElement || !head || !body) throw new Error(`${pathAndQuery}: no html, head or body`);
  const data = await fetch(`${origin}${dataUrl(pathAndQuery)}`, { headers: { cookie } });
  if (data.status !== 200 || !data.body) {
    throw new Error(`${dataUrl(pathAndQuery)} answered ${data.status}`);
  }
  const decoded = await decode(data.body);
  await decoded.done;
  const routes = Object.entries(decoded.value as Record<string, { data?: unknown }>);
  const leaf = routes.at(-1);
  const rootData: Record<string, unknown> = {};
  for (const [id, result] of routes.slice(0, -1)) rootData[id] = result.data ?? null;
  const headNodes = withoutNodes(head.children, isScript);
  const bodyNodes = withoutNodes(body.children, isScript);
  return {
    documentBytes: Buffer.byteLength(html),
    elements: countElements(headNodes) + countElements(bodyNodes),
    htmlProps: propsOf(htmlElement),
    bodyProps: propsOf(body),
    head: toMirror(headNodes),
    body: toMirror(bodyNodes),
    rootData,
    routeData: leaf?.[1].data ?? null,
  };
}

// The mirror app's files. `mirror.ts` is shared by server and browser code (the browser never
// runs it: nothing hydrates under load); `mirror.server.ts` reads a captured page once.
const MIRROR_SHARED = `export { renderNodes } from ${JSON.stringify(path.join(here, "mirror-render"))};
import type { MirrorPage } from ${JSON.stringify(path.join(here, "mirror"))};

export const pages = new Map<string, MirrorPage>();

export function pageName(pathname: string): string | null {
  const match = /^\\/mirror\\/([a-z0-9-]+)$/.exec(pathname);
  return match ? match[1]! : null;
}
`;

const MIRROR_SERVER = `import { readFileSync } from "node:fs";
import path from "node:path";
import type { MirrorPage } from ${JSON.stringify(path.join(here, "mirror"))};
import { pages } from "./mirror";

export function loadPage(name: string): MirrorPage {
  let page = pages.get(name);
  if (!page) {
    const file = path.join(process.env.ASSAY_MIRROR_DIR ?? ".", name + ".json");
    page = JSON.parse(readFileSync(file, "utf8")) as MirrorPage;
    pages.set(name, page);
  }
  return page;
}
`;

const MIRROR_ROOT = `import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { pageName, pages, renderNodes } from "./mirror";
import { loadPage } from "./mirror.server";

export function loader({ request }: LoaderFunctionArgs) {
  const name = pageName(new URL(request.url).pathname);
  return name ? (loadPage(name).rootData ?? null) : null;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const name = pageName(useLocation().pathname);
  const page = name ? pages.get(name) : undefined;
  return (
    <html {...page?.htmlProps}>
      <head>
        {page ? renderNodes(page.head) : null}
        <Meta />
        <Links />
      </head>
      <body {...page?.bodyProps}>
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

const MIRROR_ROUTE = `import { useLoaderData, useParams } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { pages, renderNodes } from "../mirror";
import { loadPage } from "../mirror.server";

export function loader({ params }: LoaderFunctionArgs) {
  if (!params.name || !/^[a-z0-9-]+$/.test(params.name)) throw new Response("", { status: 404 });
  return loadPage(params.name).routeData ?? null;
}

export default function Mirror() {
  useLoaderData<typeof loader>();
  const page = pages.get(useParams().name ?? "");
  return <>{page ? renderNodes(page.body) : null}</>;
}
`;

export type MirrorApp = { dir: string; pagesDir: string; cleanup(): void };

/** Builds the mirror app (with the app's Remix options and Vite, as the framework floor is). */
export function buildMirrorApp(): MirrorApp {
  const dir = buildMinimalRemix("assay-bench-mirror", {
    "app/mirror.ts": MIRROR_SHARED,
    "app/mirror.server.ts": MIRROR_SERVER,
    "app/root.tsx": MIRROR_ROOT,
    "app/routes/mirror.$name.tsx": MIRROR_ROUTE,
  });
  const pagesDir = path.join(dir, "pages");
  mkdirSync(pagesDir);
  return { dir, pagesDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function saveMirrorPage(app: MirrorApp, name: string, page: MirrorPage): void {
  writeFileSync(path.join(app.pagesDir, `${name}.json`), JSON.stringify(page));
}

export type MirrorServer = { origin: string; pid: number; stop(): Promise<void> };

/**
 * Serves the mirror app as Remix's Express template does (express, compression, the static
 * assets, `@remix-run/express`'s request handler: bench/mirror-server.mjs), in production mode
 * with the Node options production runs the app with.
 */
export async function serveMirror(
  app: MirrorApp,
  { profileDir }: { profileDir?: string } = {},
): Promise<MirrorServer> {
  // With profileDir, the server profiles itself on SIGUSR2, as the app's does (decision 386).
  const profiling = profileDir ? ["--import", path.join(here, "profiler-hook.mjs")] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...productionNodeFlags(), ...profiling, path.join(here, "mirror-server.mjs"), app.dir],
    {
      env: {
        ...process.env,
        ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}),
        NODE_ENV: "production",
        ASSAY_MIRROR_DIR: app.pagesDir,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`The mirror server exited (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

export type MirrorFigures = {
  name: string;
  path: string;
  /** The page's document and its mirror's, in bytes (the mirror has none of the page's scripts but its data). */
  documentBytes: number;
  mirrorBytes: number;
  /** Elements in the page's head and body, scripts left out. */
  elements: number;
  /** The page and its mirror under the same load, back to back in the same minute. */
  page: LoadFigures & { cpuMsPerRequest: number | null };
  mirror: LoadFigures & { cpuMsPerRequest: number | null };
};

/** A load with the CPU per request `pid` spent on it (null where /proc cannot say). */
async function withCpu(pid: number, run: () => Promise<LoadFigures>) {
  const before = processCpuMs(pid);
  const figures = await run();
  const after = processCpuMs(pid);
  return {
    ...figures,
    cpuMsPerRequest:
      before !== null && after !== null && figures.requests > 0
        ? (after - before) / figures.requests
        : null,
  };
}

export type MirrorTarget = { name: string; path: string; cookie: string };

/**
 * Captures each page from the running app, serves them all from the mirror app, then loads each
 * page's mirror and the page itself for `seconds` each, back to back, at the same 20
 * connections: this machine's speed changes from minute to minute, and a ratio of two runs a
 * few seconds apart is steadier than one of runs minutes apart.
 */
export async function measureMirrors(
  appServer: { origin: string; pid: number },
  targets: MirrorTarget[],
  seconds: number,
  log: (line: string) => void,
): Promise<MirrorFigures[]> {
  const app = buildMirrorApp();
  try {
    const captured = [];
    for (const [index, target] of targets.entries()) {
      const page = await capturePage(appServer.origin, target.path, target.cookie);
      saveMirrorPage(app, `page-${index}`, page);
      captured.push({ target, page, mirrorPath: `/mirror/page-${index}` });
    }
    const server = await serveMirror(app);
    try {
      // Every mirror once under load before any is measured: each page's file read, and the
      // server's JIT warmed as the app's is by the time its pages are measured.
      for (const { target, mirrorPath } of captured) {
        const check = await fetch(`${server.origin}${mirrorPath}`);
        await check.arrayBuffer();
        if (check.status !== 200) {
          throw new Error(`The mirror of ${target.path} answered ${check.status}`);
        }
        await loadGet("warm-up", server.origin, mirrorPath, "", 1);
      }
      const out: MirrorFigures[] = [];
      for (const { target, page, mirrorPath } of captured) {
        const mirrorBytes = (await (await fetch(`${server.origin}${mirrorPath}`)).arrayBuffer())
          .byteLength;
        const mirror = await withCpu(server.pid, () =>
          loadGet(`mirror of ${target.name}`, server.origin, mirrorPath, "", seconds),
        );
        const pageFigures = await withCpu(appServer.pid, () =>
          loadGet(target.name, appServer.origin, target.path, target.cookie, seconds),
        );
        out.push({
          name: target.name,
          path: target.path,
          documentBytes: page.documentBytes,
          mirrorBytes,
          elements: page.elements,
          page: pageFigures,
          mirror,
        });
        log(
          `  ${target.path.slice(0, 60)}: p95 ${pageFigures.p95Ms.toFixed(0)} ms, its mirror ${mirror.p95Ms.toFixed(0)} ms; CPU per request ${pageFigures.cpuMsPerRequest?.toFixed(2) ?? "?"} ms, its mirror ${mirror.cpuMsPerRequest?.toFixed(2) ?? "?"} ms`,
        );
      }
      return out;
    } finally {
      await server.stop();
    }
  } finally {
    app.cleanup();
  }
}
