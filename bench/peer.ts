// The SurveyJS peer page: built with Vite (production mode) into a temp dir, and served by a
// tiny static server with gzip, as the app serves its assets through `compression`.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export type PeerSite = { origin: string; close(): Promise<void> };

export async function buildPeer(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), "assay-bench-surveyjs-"));
  await build({
    configFile: false,
    root: path.join(here, "surveyjs"),
    logLevel: "warn",
    mode: "production",
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  return outDir;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

/** Serves the built page with the survey JSON put in the document; gzip when accepted. */
export async function servePeer(dir: string, surveyJson: unknown): Promise<PeerSite> {
  const cache = new Map<string, { body: Buffer; gzip: Buffer; type: string }>();
  const load = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      let body = readFileSync(file);
      if (file.endsWith("index.html")) {
        // `<` escaped so the JSON cannot close the script element.
        const inline = JSON.stringify(surveyJson).replace(/</g, "\\u003c");
        body = Buffer.from(body.toString("utf8").replace("<!--SURVEY_JSON-->", inline));
      }
      entry = {
        body,
        gzip: gzipSync(body, { level: 6 }),
        type: TYPES[path.extname(file)] ?? "application/octet-stream",
      };
      cache.set(file, entry);
    }
    return entry;
  };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const relative = url.pathname === "/" ? "index.html" : url.pathname.slice(1);
    const file = path.join(dir, path.normalize(relative));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const entry = load(file);
      const gzip = /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      response.writeHead(200, {
        "Content-Type": entry.type,
        "Cache-Control": "no-cache",
        ...(gzip ? { "Content-Encoding": "gzip" } : {}),
        Vary: "Accept-Encoding",
      });
      response.end(gzip ? entry.gzip : entry.body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}
