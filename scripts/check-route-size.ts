// No route file over 300 lines: a route module (app/routes/*.tsx, or route.tsx in a route
// folder) guards, parses, calls its area module and renders; a page that grows past that
// becomes a route folder with its own components beside route.tsx and its loader/action logic
// in the area's *.server.ts (docs/architecture.md, docs/decisions/181-route-size-limit.md).
// Every non-test file under app/routes/ is held to the limit, so a folder's components are too.
// Run by `npm run lint`; exit code 1 names each file and its length.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MAX_ROUTE_LINES = 300;

/**
 * Files still over the limit, each until it is split (the list may only shrink: a listed file
 * that fits is reported, so the entry is removed with the split).
 */
export const OVER_LIMIT_FOR_NOW: ReadonlySet<string> = new Set<string>([]);

export function countLines(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

export function checkRouteSizes(
  files: ReadonlyMap<string, string>,
  allowed: ReadonlySet<string> = OVER_LIMIT_FOR_NOW,
): string[] {
  const problems: string[] = [];
  for (const [file, text] of files) {
    const lines = countLines(text);
    if (lines > MAX_ROUTE_LINES && !allowed.has(file))
      problems.push(
        `${file}: ${lines} lines, over ${MAX_ROUTE_LINES}: make it a route folder (route.tsx, its components beside it, loader/action logic in the area's *.server.ts)`,
      );
    if (lines <= MAX_ROUTE_LINES && allowed.has(file))
      problems.push(
        `${file}: ${lines} lines now fits: remove it from OVER_LIMIT_FOR_NOW in scripts/check-route-size.ts`,
      );
  }
  for (const file of allowed)
    if (!files.has(file))
      problems.push(`${file} no longer exists: remove it from OVER_LIMIT_FOR_NOW`);
  return problems;
}

/** Every non-test .ts/.tsx file under app/routes/, keyed by its path from the repository root. */
export function readRouteFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
        files.set(relative, readFileSync(path.join(root, relative), "utf8"));
    }
  };
  walk("app/routes");
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const problems = checkRouteSizes(readRouteFiles(root));
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
}
