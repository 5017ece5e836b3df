// The route-matching patch (docs/decisions/396-route-matching-cache.md): installed, and
// matching exactly as the original router does, on the app's own routes and on generated
// route trees, whether a tree is matched for the first time or again from the cache.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MARKER, patchRouterSource, ROUTER_VERSION, routerFiles } from "./patch-dependencies.mjs";

type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
type Shape = { path?: string; index?: boolean; children?: Shape[] };
type Match = {
  params: Record<string, string | undefined>;
  pathname: string;
  pathnameBase: string;
  route: Route;
};
type Router = { matchRoutes(routes: Route[], location: string, basename?: string): Match[] | null };

const require = createRequire(import.meta.url);
const files = routerFiles(path.resolve(import.meta.dirname, ".."));
const patched = require(files.file) as Router;
const original = require(files.original) as Router;

/** What a caller sees of a match: the route, the params and the matched parts of the path. */
const seen = (matches: Match[] | null) =>
  matches?.map((m) => ({
    id: m.route.id,
    params: m.params,
    pathname: m.pathname,
    pathnameBase: m.pathnameBase,
  })) ?? null;

describe("the installed @remix-run/router", () => {
  it("is the version the patch was written for, and patched", () => {
    expect(files.version).toBe(ROUTER_VERSION);
    expect(readFileSync(files.file, "utf8")).toContain(MARKER);
    expect(readFileSync(files.original, "utf8")).not.toContain(MARKER);
  });
});

describe("patchRouterSource", () => {
  it("leaves a patched source as it is and refuses a source it was not written for", () => {
    const source = readFileSync(files.original, "utf8");
    const once = patchRouterSource(source);
    expect(once).not.toBe(source);
    expect(patchRouterSource(once)).toBe(once);
    expect(() => patchRouterSource(source.replace("rankRouteBranches(branches);\n", ""))).toThrow(
      /exactly one/,
    );
  });
});

/** The app's route tree as Remix builds it from app/routes (the flat-routes convention). */
function appRoutes(): Route[] {
  const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
    flatRoutes(
      appDirectory: string,
      ignored: string[],
    ): Record<string, { id: string; path?: string; index?: boolean; parentId?: string }>;
  };
  const manifest = flatRoutes(path.resolve(import.meta.dirname, "../app"), [
    "**/*.test.{ts,tsx}",
    "**/.*",
  ]);
  const byParent = new Map<string, Route[]>();
  for (const entry of Object.values(manifest)) {
    const siblings = byParent.get(entry.parentId ?? "root") ?? [];
    siblings.push({ id: entry.id, path: entry.path, index: entry.index });
    byParent.set(entry.parentId ?? "root", siblings);
  }
  const attach = (route: Route): Route => {
    const children = byParent.get(route.id);
    return children ? { ...route, children: children.map(attach) } : route;
  };
  return [attach({ id: "root", path: "" })];
}

/** Every route's full pattern, for making paths that reach it. */
function patterns(routes: Route[], parent = ""): string[] {
  return routes.flatMap((route) => {
    const full = [parent, route.path ?? ""].filter(Boolean).join("/");
    return [full, ...patterns(route.children ?? [], full)];
  });
}

const segmentValue = fc.oneof(
  fc.constantFrom("x", "42", "a b", "%2F", "ünï", "UPPER", "-", "new", "edit"),
  fc.stringMatching(/^[a-z0-9-]{1,8}$/),
);

describe("matching with the patch", () => {
  const routes = appRoutes();
  const appPatterns = patterns(routes);

  it("finds the app's ~150 routes", () => {
    expect(appPatterns.length).toBeGreaterThan(100);
  });

  it("matches every path the app's routes can take as the original router does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...appPatterns),
        fc.array(segmentValue, { minLength: 4, maxLength: 4 }),
        fc.constantFrom("", "/", "/extra", "//"),
        (pattern, values, tail) => {
          let n = 0;
          const pathname =
            "/" +
            pattern
              .split("/")
              .map((part) =>
                part.startsWith(":") || part === "*" ? encodeURIComponent(values[n++ % 4]!) : part,
              )
              .join("/") +
            tail;
          const expected = seen(original.matchRoutes(routes, pathname));
          expect(seen(patched.matchRoutes(routes, pathname))).toEqual(expected);
          // Again: the tree's branches now come from the cache.
          expect(seen(patched.matchRoutes(routes, pathname))).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  // Generated trees: static, dynamic, optional and splat segments, index and layout routes,
  // case variants and trailing slashes.
  const segment = fc.constantFrom("a", "b", "A", ":p", ":q?", "c-d", "");
  // Relative paths only: an absolute child path must repeat its parents' (the router refuses
  // the tree otherwise, patched or not).
  const relative = (parts: string[]) => parts.join("/").replace(/^\/+/, "");
  const leafPath = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 3 }).map(relative),
    fc.constantFrom("*", "a/*"),
  );
  const tree: fc.Arbitrary<Shape[]> = fc.letrec<{ routes: Shape[] }>((self) => ({
    routes: fc.array(
      fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.record({ index: fc.constant(true) }),
        fc.record({ path: leafPath }),
        fc.record({
          path: fc.array(segment, { maxLength: 2 }).map(relative),
          children: self("routes"),
        }),
      ),
      { maxLength: 4 },
    ),
  })).routes;
  const withIds = (routes: Shape[], prefix = "r"): Route[] =>
    routes.map((route, i) => ({
      ...route,
      id: `${prefix}${i}`,
      children: route.children ? withIds(route.children, `${prefix}${i}.`) : undefined,
    }));
  const pathname = fc
    .array(fc.constantFrom("a", "b", "A", "c-d", "zz", "1", ""), { maxLength: 5 })
    .map((parts) => "/" + parts.join("/"));

  const outcome = (match: () => ReturnType<typeof original.matchRoutes>) => {
    try {
      return seen(match());
    } catch (error) {
      return { refused: (error as Error).message };
    }
  };

  it("matches generated route trees as the original router does, first time and cached", () => {
    fc.assert(
      fc.property(tree, fc.array(pathname, { minLength: 1, maxLength: 6 }), (shape, paths) => {
        const generated = withIds(shape);
        for (const p of paths) {
          // A tree the router refuses (an empty segment can make an optional one's variant
          // absolute) must be refused the same way, patched or not.
          const expected = outcome(() => original.matchRoutes(generated, p));
          expect(outcome(() => patched.matchRoutes(generated, p))).toEqual(expected);
          expect(outcome(() => patched.matchRoutes(generated, p, "/"))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a tree the original refuses, with the same message (a case the generator found)", () => {
    const refused: Route[] = withIds([
      { path: "a", children: [{ path: "", children: [{ path: ":q?//a" }] }] },
    ]);
    const expected = outcome(() => original.matchRoutes(refused, "/"));
    expect(expected).toMatchObject({ refused: expect.stringContaining("Absolute route path") });
    expect(outcome(() => patched.matchRoutes(refused, "/"))).toEqual(expected);
  });

  it("matches a new route tree afresh rather than from another tree's cache", () => {
    const first: Route[] = [{ id: "one", path: "a/:id" }];
    const second: Route[] = [{ id: "two", path: "a/:slug" }];
    expect(seen(patched.matchRoutes(first, "/a/1"))?.[0]?.id).toBe("one");
    expect(seen(patched.matchRoutes(second, "/a/1"))).toEqual([
      { id: "two", params: { slug: "1" }, pathname: "/a/1", pathnameBase: "/a/1" },
    ]);
  });
});
