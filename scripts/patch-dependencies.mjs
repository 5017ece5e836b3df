// Run after every `npm install` / `npm ci` (package.json "postinstall"): the changes Assay
// makes to installed dependencies, each pinned to the exact version it was written for.
//
// 1. @remix-run/router (docs/decisions/396-route-matching-cache.md; the matches of recent
// paths are kept too, docs/decisions/405-server-route-objects-cache.md).
// Remix 2's server matches every request against the whole route tree twice (once in
// @remix-run/server-runtime, once in the router's static handler), and @remix-run/router 1.23
// flattens, ranks and compiles all ~150 route patterns on each match: about 2.4 ms of the
// sign-in page's 5.1 ms of CPU (docs/decisions/386-bench-cpu-profiles.md). React Router 7
// caches the ranked branches per route tree; this does the same for the server's CommonJS
// build (the browser bundle uses the untouched ES module build) and caches compiled patterns.
//
// 2. @remix-run/react and react-router-dom (docs/decisions/405-server-route-objects-cache.md).
// Remix's `RemixServer` builds the route objects anew for every page it renders
// (`createServerRoutes`), and react-router-dom's `createStaticRouter` converts them anew to data
// routes; React Router then matches the page's path against a tree patch 1 has never seen, so
// its cache misses on every render. Both are made once per build instead.
//
// 3. react-dom's Node server renderer (docs/decisions/417-server-render-writes-strings.md).
// React 18's renderToPipeableStream encodes every piece of markup as it is written: a
// TextEncoder.encodeInto call (and a subarray) per string into a 2 KB buffer, thousands per
// page. It now keeps the page's strings as one string and encodes it once, when React flushes
// (or every 16 K characters): the same bytes, about half the render's CPU on a long page.
//
// Each original file is kept beside it for the tests that compare both.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What every patched file starts its changes with; the number is the patches' revision. */
export const MARKER =
  "/* Patched by Assay's scripts/patch-dependencies.mjs (revision 4): cached route matching, whole-string writes. */";
/** What a file patched by any revision holds. */
const ANY_REVISION = "/* Patched by Assay's scripts/patch-dependencies.mjs";

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

const MATCHES_CACHE = `  return cachedMatches(routes, decodePath(pathname), allowPartial);
}
// The matches of a decoded path in one route tree, kept for the paths matched last: a request
// matches its path three times (the server runtime, the static handler and React Router's
// render) and each of its parents' paths once (the lazy-discovery manifest). The result
// depends on nothing else. Each caller gets its own copies of the match objects. Paths longer
// than any the app links to are matched without being kept, so the kept keys stay small
// (at most 1,024 of 512 characters per tree) whatever paths a client sends.
const assayMatches = new WeakMap();
function cachedMatches(routes, decoded, allowPartial) {
  if (decoded.length > 512) return matchBranches(routes, decoded, allowPartial);
  let byPath = assayMatches.get(routes);
  if (byPath === undefined) {
    byPath = new Map();
    assayMatches.set(routes, byPath);
  }
  let key = (allowPartial ? "1" : "0") + decoded;
  let matches = byPath.get(key);
  if (matches === undefined) {
    matches = matchBranches(routes, decoded, allowPartial);
    if (byPath.size >= 1024) byPath.clear();
    byPath.set(key, matches);
  }
  return matches && matches.map((match) => ({ ...match, params: { ...match.params } }));
}
function matchBranches(routes, decoded, allowPartial) {
  let branches = rankedBranches(routes);
  let matches = null;
`;

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

const ROUTER_REPLACEMENTS = [
  ["function matchRoutesImpl(", BRANCH_CACHE],
  [
    "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n  let matches = null;\n  let decoded = decodePath(pathname);\n",
    MATCHES_CACHE,
  ],
  ["function compilePath(path, caseSensitive, end) {", PATH_CACHE],
];

const SERVER_ROUTES_CACHE = `${MARKER}
// The route objects of one build, made on its first render instead of on every render: the
// build's manifest and route modules do not change (a new build in development is a new
// manifest, and a changed module is seen below).
const assayServerRoutes = new WeakMap();
function serverRoutesOfBuild(manifest, routeModules, future, isSpaMode) {
  let cached = assayServerRoutes.get(manifest.routes);
  if (
    cached === undefined ||
    cached.future !== future ||
    cached.isSpaMode !== isSpaMode ||
    !sameRouteModules(cached.routeModules, routeModules)
  ) {
    cached = {
      future,
      isSpaMode,
      routeModules: { ...routeModules },
      routes: routes.createServerRoutes(manifest.routes, routeModules, future, isSpaMode),
    };
    assayServerRoutes.set(manifest.routes, cached);
  }
  return cached.routes;
}
function sameRouteModules(a, b) {
  let keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (let key of keys) if (a[key] !== b[key]) return false;
  return true;
}
function RemixServer(`;

const DATA_ROUTES_CACHE = `${MARKER}
// The data routes of one route tree (which the server never changes after it is made),
// converted on its first render instead of on every render, so that React Router's matching
// sees the same tree each time.
const assayDataRoutes = new WeakMap();
function dataRoutesOf(routes) {
  let cached = assayDataRoutes.get(routes);
  if (cached === undefined) {
    let manifest = {};
    let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);
    cached = { manifest, dataRoutes };
    assayDataRoutes.set(routes, cached);
  }
  return cached;
}
function createStaticRouter(`;

// react-dom 18.3.1's server.node production build, minified: writeChunk (r), completeWriting
// (ca) and stringToPrecomputedChunk (x). Precomputed chunks stay strings, so that every
// write is a string appended to the pending one; a byte chunk (none in this build's own
// markup) first sends what is pending. Backpressure is kept: t() records what write returns.
const REACT_WRITE_CHUNK_ORIGINAL =
  'function r(a,b){if("string"===typeof b){if(0!==b.length)if(2048<3*b.length)0<l&&(t(a,k.subarray(0,l)),k=new Uint8Array(2048),l=0),t(a,u.encode(b));else{var c=k;0<l&&(c=k.subarray(l));c=u.encodeInto(b,c);var d=c.read;l+=c.written;d<b.length&&(t(a,k),k=new Uint8Array(2048),l=u.encodeInto(b.slice(d),k).written);2048===l&&(t(a,k),k=new Uint8Array(2048),l=0)}}else 0!==b.byteLength&&(2048<b.byteLength?(0<l&&(t(a,k.subarray(0,l)),k=new Uint8Array(2048),l=0),t(a,b)):(c=k.length-l,c<b.byteLength&&(0===c?t(a,\nk):(k.set(b.subarray(0,c),l),l+=c,t(a,k),b=b.subarray(c)),k=new Uint8Array(2048),l=0),k.set(b,l),l+=b.byteLength,2048===l&&(t(a,k),k=new Uint8Array(2048),l=0)))}';

const REACT_WRITE_CHUNK = `${MARKER}
// The markup written since the last flush, encoded once (docs/decisions/417).
var assayPending = "";
function assaySendPending(a) {
  if (0 < assayPending.length) {
    t(a, Buffer.from(assayPending, "utf8"));
    assayPending = "";
  }
}
function r(a, b) {
  if ("string" === typeof b) {
    assayPending += b;
    if (16384 < assayPending.length) assaySendPending(a);
  } else if (0 !== b.byteLength) {
    assaySendPending(a);
    t(a, b);
  }
}`;

/**
 * The patches: the package, the version each was written for, its file (relative to the
 * package's directory) and the replacements, each of which must match exactly once.
 */
export const PATCHES = [
  {
    name: "route-matching",
    packageName: "@remix-run/router",
    version: "1.23.3",
    file: "dist/router.cjs.js",
    decision: "docs/decisions/396-route-matching-cache.md",
    check: "whether the new version still flattens the route tree on every match",
    replacements: ROUTER_REPLACEMENTS,
  },
  {
    name: "server-route-objects",
    packageName: "@remix-run/react",
    version: "2.17.5",
    file: "dist/server.js",
    decision: "docs/decisions/405-server-route-objects-cache.md",
    check: "whether RemixServer still builds its routes with createServerRoutes on every render",
    replacements: [
      ["function RemixServer(", SERVER_ROUTES_CACHE],
      [
        "  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
        "  let routes$1 = serverRoutesOfBuild(manifest, routeModules, context.future, context.isSpaMode);\n",
      ],
    ],
  },
  {
    name: "static-router-data-routes",
    packageName: "react-router-dom",
    version: "6.30.4",
    file: "server.js",
    decision: "docs/decisions/405-server-route-objects-cache.md",
    check: "whether createStaticRouter still converts its routes on every call",
    replacements: [
      ["function createStaticRouter(", DATA_ROUTES_CACHE],
      [
        "  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
        "  let { manifest, dataRoutes } = dataRoutesOf(routes);\n",
      ],
    ],
  },
  {
    name: "whole-string-writes",
    packageName: "react-dom",
    version: "18.3.1",
    file: "cjs/react-dom-server.node.production.min.js",
    decision: "docs/decisions/417-server-render-writes-strings.md",
    check: "whether renderToPipeableStream still encodes each string it writes on its own",
    replacements: [
      [REACT_WRITE_CHUNK_ORIGINAL, REACT_WRITE_CHUNK],
      [
        "function ca(a){k&&0<l&&a.write(k.subarray(0,l));k=null;l=0;q=!0}",
        'function ca(a){0<assayPending.length&&a.write(Buffer.from(assayPending,"utf8"));assayPending="";k=null;l=0;q=!0}',
      ],
      ["function x(a){return u.encode(a)}", "function x(a){return a}"],
    ],
  },
];

/** A patch applied to a file's source; a patched source is returned as it is. Throws if a
 * replacement does not match exactly once. */
export function patchSource(patch, source) {
  if (source.includes(MARKER)) return source;
  if (source.includes(ANY_REVISION)) throw new Error("patched by an earlier revision");
  let patched = source;
  for (const [from, to] of patch.replacements) {
    const at = patched.indexOf(from);
    if (at === -1 || patched.indexOf(from, at + 1) !== -1) {
      throw new Error(`expected exactly one ${JSON.stringify(from.split("\n")[0])}`);
    }
    patched = patched.slice(0, at) + to + patched.slice(at + from.length);
  }
  return patched;
}

/** Where a patch's file is, the copy of the original kept beside it, and the installed version. */
export function patchFiles(patch, fromDirectory = process.cwd()) {
  const require = createRequire(path.join(fromDirectory, "package.json"));
  const packageJsonFile = require.resolve(`${patch.packageName}/package.json`);
  const directory = path.dirname(packageJsonFile);
  const file = path.join(directory, patch.file);
  const packageJson = JSON.parse(readFileSync(packageJsonFile, "utf8"));
  return { file, original: file.replace(/\.js$/, ".original.js"), version: packageJson.version };
}

/**
 * Patches the installed file (keeping the original beside it), starting again from the kept
 * original when an earlier revision patched it. Throws with what to check when the installed
 * version is not the one the patch was written for, or a replacement does not apply.
 */
export function applyPatch(patch, fromDirectory = process.cwd()) {
  const { file, original, version } = patchFiles(patch, fromDirectory);
  if (version !== patch.version) {
    throw new Error(
      `${patch.packageName} is ${version}, and its ${patch.name} patch was written for ${patch.version}. Check ${patch.check}, then update or remove the patch (${patch.decision}).`,
    );
  }
  let source = readFileSync(file, "utf8");
  if (source.includes(MARKER)) return "already patched";
  const earlier = source.includes(ANY_REVISION);
  if (earlier) source = readFileSync(original, "utf8");
  let patched;
  try {
    patched = patchSource(patch, source);
  } catch (error) {
    throw new Error(
      `the ${patch.name} patch does not apply to ${file}: ${error instanceof Error ? error.message : error}. See ${patch.decision}.`,
    );
  }
  if (!earlier) copyFileSync(file, original);
  writeFileSync(file, patched);
  return earlier ? "patched again" : "patched";
}

function main() {
  for (const patch of PATCHES) {
    try {
      applyPatch(patch);
    } catch (error) {
      console.error(
        `scripts/patch-dependencies.mjs: ${error instanceof Error ? error.message : error}`,
      );
      process.exit(1);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
