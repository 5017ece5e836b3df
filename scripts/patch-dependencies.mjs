// Run after every `npm install` / `npm ci` (package.json "postinstall"): the one change Assay
// makes to an installed dependency, pinned to the exact version it was written for
// (docs/decisions/396-route-matching-cache.md).
//
// Remix 2's server matches every request against the whole route tree twice (once in
// @remix-run/server-runtime, once in the router's static handler), and @remix-run/router 1.23
// flattens, ranks and compiles all ~150 route patterns on each match: about 2.4 ms of the
// sign-in page's 5.1 ms of CPU (docs/decisions/386-bench-cpu-profiles.md). React Router 7
// caches the ranked branches per route tree; this does the same for the server's CommonJS
// build (the browser bundle uses the untouched ES module build) and caches compiled patterns.
// The original file is kept beside it for the test that compares both on every route.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROUTER_VERSION = "1.23.3";
export const MARKER =
  "/* Patched by Assay's scripts/patch-dependencies.mjs: cached route matching. */";

const BRANCH_CACHE = `${MARKER}
// The flattened, ranked branches of one route tree (an array never changed after it is made
// on the server), computed on its first match instead of on every match.
const assayRankedBranches = new WeakMap();
function rankedBranches(routes) {
  let branches = assayRankedBranches.get(routes);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    assayRankedBranches.set(routes, branches);
  }
  return branches;
}
function matchRoutesImpl(`;

const PATH_CACHE = `// A pattern's regular expression and parameter list, compiled once (neither is changed by
// its users: the expression has no global flag, the list is only read).
const assayCompiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  if (caseSensitive === void 0) {
    caseSensitive = false;
  }
  if (end === void 0) {
    end = true;
  }
  const key = (caseSensitive ? "1" : "0") + (end ? "1" : "0") + path;
  let compiled = assayCompiledPaths.get(key);
  if (compiled === undefined) {
    if (assayCompiledPaths.size >= 4096) assayCompiledPaths.clear();
    compiled = compilePathUncached(path, caseSensitive, end);
    assayCompiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`;

const REPLACEMENTS = [
  ["function matchRoutesImpl(", BRANCH_CACHE],
  [
    "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    "  let branches = rankedBranches(routes);\n",
  ],
  ["function compilePath(path, caseSensitive, end) {", PATH_CACHE],
];

/** The patched source of @remix-run/router's dist/router.cjs.js; throws if it does not apply. */
export function patchRouterSource(source) {
  if (source.includes(MARKER)) return source;
  let patched = source;
  for (const [from, to] of REPLACEMENTS) {
    const at = patched.indexOf(from);
    if (at === -1 || patched.indexOf(from, at + 1) !== -1) {
      throw new Error(`expected exactly one ${JSON.stringify(from.split("\n")[0])}`);
    }
    patched = patched.slice(0, at) + to + patched.slice(at + from.length);
  }
  return patched;
}

/** Where the router's server build is, and the copy of the original kept beside it. */
export function routerFiles(fromDirectory = process.cwd()) {
  const require = createRequire(path.join(fromDirectory, "package.json"));
  const file = require.resolve("@remix-run/router");
  const packageJson = JSON.parse(
    readFileSync(path.join(path.dirname(file), "..", "package.json"), "utf8"),
  );
  return { file, original: file.replace(/\.js$/, ".original.js"), version: packageJson.version };
}

function main() {
  const { file, original, version } = routerFiles();
  if (version !== ROUTER_VERSION) {
    console.error(
      `scripts/patch-dependencies.mjs: @remix-run/router is ${version}, and its route-matching patch was written for ${ROUTER_VERSION}. Check whether the new version still flattens the route tree on every match, then update or remove the patch (docs/decisions/396-route-matching-cache.md).`,
    );
    process.exit(1);
  }
  const source = readFileSync(file, "utf8");
  if (source.includes(MARKER)) return;
  try {
    const patched = patchRouterSource(source);
    copyFileSync(file, original);
    writeFileSync(file, patched);
  } catch (error) {
    console.error(
      `scripts/patch-dependencies.mjs: the route-matching patch does not apply to ${file}: ${error instanceof Error ? error.message : error}. See docs/decisions/396-route-matching-cache.md.`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
