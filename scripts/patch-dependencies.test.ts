// The route-matching patch (docs/decisions/396-route-matching-cache.md): installed, and
// matching exactly as the original router does, on the app's own routes and on generated
// route trees, whether a tree is matched for the first time or again from the cache.
// The server route objects patches (docs/decisions/405-server-route-objects-cache.md):
// installed, rendering every page of the app's route tree as the originals do, and made once
// per build.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import type * as RemixReact from "@remix-run/react";
import type * as React from "react";
import type { ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { applyPatch, MARKER, PATCHES, patchFiles, patchSource } from "./patch-dependencies.mjs";

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
const root = path.resolve(import.meta.dirname, "..");
const routerPatch = PATCHES.find((p) => p.packageName === "@remix-run/router")!;
const patchRouterSource = (source: string) => patchSource(routerPatch, source);
const files = patchFiles(routerPatch, root);
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

describe("the installed dependencies", () => {
  it.each(PATCHES)(
    "$packageName is the version its patch was written for, and patched",
    (patch) => {
      const installed = patchFiles(patch, root);
      expect(installed.version).toBe(patch.version);
      expect(readFileSync(installed.file, "utf8")).toContain(MARKER);
      const original = readFileSync(installed.original, "utf8");
      expect(original).not.toContain(MARKER);
      expect(patchSource(patch, original)).toBe(readFileSync(installed.file, "utf8"));
    },
  );
});

describe("applyPatch", () => {
  it("patches an install once, and again from the kept original when an earlier revision patched it", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "assay-patch-"));
    try {
      const packageDirectory = path.join(directory, "node_modules/@remix-run/router");
      cpSync(path.dirname(path.dirname(files.file)), packageDirectory, { recursive: true });
      writeFileSync(path.join(directory, "package.json"), "{}");
      const installed = patchFiles(routerPatch, directory);
      const original = readFileSync(files.original, "utf8");
      writeFileSync(installed.file, original);
      rmSync(installed.original);
      expect(applyPatch(routerPatch, directory)).toBe("patched");
      expect(readFileSync(installed.file, "utf8")).toBe(patchRouterSource(original));
      expect(readFileSync(installed.original, "utf8")).toBe(original);
      expect(applyPatch(routerPatch, directory)).toBe("already patched");
      // What revision 1 of the script left: its own marker, the original kept beside it.
      writeFileSync(
        installed.file,
        original.replace(
          "function matchRoutesImpl(",
          "/* Patched by Assay's scripts/patch-dependencies.mjs: cached route matching. */\nfunction matchRoutesImpl(",
        ),
      );
      expect(applyPatch(routerPatch, directory)).toBe("patched again");
      expect(readFileSync(installed.file, "utf8")).toBe(patchRouterSource(original));
      expect(readFileSync(installed.original, "utf8")).toBe(original);
      // Another version of the package: the install stops and says what to check.
      const packageJson = path.join(packageDirectory, "package.json");
      writeFileSync(packageJson, JSON.stringify({ name: "@remix-run/router", version: "1.24.0" }));
      expect(() => applyPatch(routerPatch, directory)).toThrow(/written for 1\.23\.3.*396/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("patchSource", () => {
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

type ManifestRoute = { id: string; path?: string; index?: boolean; parentId?: string };

/** The app's routes as Remix finds them in app/routes (the flat-routes convention). */
function appManifest(): Record<string, ManifestRoute> {
  const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
    flatRoutes(appDirectory: string, ignored: string[]): Record<string, ManifestRoute>;
  };
  return flatRoutes(path.resolve(import.meta.dirname, "../app"), ["**/*.test.{ts,tsx}", "**/.*"]);
}

/** The app's route tree as Remix builds it from app/routes. */
function appRoutes(): Route[] {
  const manifest = appManifest();
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

/** A path that reaches a pattern, its dynamic segments taken from values in turn. */
function pathFor(pattern: string, values: string[], tail: string): string {
  let n = 0;
  const filled = pattern
    .split("/")
    .map((part) =>
      part.startsWith(":") || part === "*"
        ? encodeURIComponent(values[n++ % values.length]!)
        : part,
    )
    .join("/");
  return "/" + filled + tail;
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
          const pathname = pathFor(pattern, values, tail);
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

  it("gives each caller its own match objects, from the cache too", () => {
    const first = patched.matchRoutes(routes, "/vendors/v1/edit")!;
    first[0]!.params.vendorId = "changed";
    first[1]!.pathname = "/changed";
    const again = patched.matchRoutes(routes, "/vendors/v1/edit")!;
    expect(seen(again)).toEqual(seen(original.matchRoutes(routes, "/vendors/v1/edit")));
    expect(again[1]!.params.vendorId).toBe("v1");
  });

  it("matches a path too long to keep as the original router does", () => {
    const long = "/vendors/" + "v".repeat(600) + "/edit";
    expect(seen(patched.matchRoutes(routes, long))).toEqual(
      seen(original.matchRoutes(routes, long)),
    );
    expect(seen(patched.matchRoutes(routes, long))?.at(-1)?.id).toBe(
      "routes/vendors.$vendorId.edit",
    );
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

// The server route objects (decision 405). Everything is loaded as the server loads it: the
// CommonJS builds, the patched files and the originals kept beside them.
type Html = string;
type Component = () => ReactElement | null;
type EntryRoute = ManifestRoute & {
  hasLoader: boolean;
  hasAction: boolean;
  hasClientLoader: boolean;
  hasClientAction: boolean;
  hasErrorBoundary: boolean;
  module: string;
};
type StaticHandlerContext = { matches: { route: { id: string } }[] };
type StaticServer = {
  createStaticRouter(routes: unknown[], context: StaticHandlerContext): { routes: unknown[] };
  StaticRouterProvider: (props: {
    router: unknown;
    context: StaticHandlerContext;
    hydrate: boolean;
  }) => ReactElement;
};
type RemixServerModule = {
  RemixServer: (props: { context: unknown; url: string }) => ReactElement;
};

const react = require("react") as typeof React;
const h = react.createElement;
const { renderToString } = require("react-dom/server") as { renderToString(e: ReactElement): Html };
const remix = require("@remix-run/react") as typeof RemixReact;
const routerModule = require("@remix-run/router") as {
  createStaticHandler(routes: unknown[]): {
    query(request: Request): Promise<StaticHandlerContext | Response>;
  };
};
const serverRoutesPatch = PATCHES.find((p) => p.packageName === "@remix-run/react")!;
const staticRouterPatch = PATCHES.find((p) => p.packageName === "react-router-dom")!;
const remixServerFiles = patchFiles(serverRoutesPatch, root);
const staticServerFiles = patchFiles(staticRouterPatch, root);
const patchedRemix = require(remixServerFiles.file) as RemixServerModule;
const originalRemix = require(remixServerFiles.original) as RemixServerModule;
const patchedStatic = require(staticServerFiles.file) as StaticServer;
const originalStatic = require(staticServerFiles.original) as StaticServer;
const remixRoutesModule = require(path.join(path.dirname(remixServerFiles.file), "routes.js")) as {
  createServerRoutes: (...args: unknown[]) => unknown[];
};

/** What a route renders: its id, its loader's data when it has a loader, and its outlet. */
function routeComponent(id: string, hasLoader: boolean, label = id): Component {
  return function RouteComponent() {
    const data = hasLoader ? remix.useLoaderData() : null;
    return h(
      "section",
      { "data-route": label },
      data ? JSON.stringify(data) : null,
      h(remix.Outlet),
    );
  };
}

/** A Remix build of the app's route tree (each route a small component; every third has a
 * loader), as the server runtime hands it to RemixServer. */
function appBuild() {
  const routes: Record<string, EntryRoute> = {};
  const add = (route: ManifestRoute, n: number) => {
    routes[route.id] = {
      ...route,
      hasLoader: n % 3 === 0,
      hasAction: false,
      hasClientLoader: false,
      hasClientAction: false,
      hasErrorBoundary: false,
      module: `/build/${route.id}.js`,
    };
  };
  add({ id: "root", path: "" }, 1);
  Object.values(appManifest()).forEach((route, n) =>
    add({ ...route, parentId: route.parentId ?? "root" }, n),
  );
  const Root: Component = () =>
    h(
      "html",
      null,
      h("head", null, h(remix.Meta), h(remix.Links)),
      h("body", null, h(remix.Outlet), h(remix.Scripts)),
    );
  const routeModules: Record<string, { default: Component }> = {};
  for (const route of Object.values(routes)) {
    routeModules[route.id] = {
      default: route.id === "root" ? Root : routeComponent(route.id, route.hasLoader),
    };
  }
  const tree = (parentId: string): unknown[] =>
    Object.values(routes)
      .filter((r) => (r.parentId ?? "") === parentId && r.id !== parentId)
      .map((r) => ({
        id: r.id,
        path: r.path,
        index: r.index,
        loader: r.hasLoader ? () => ({ route: r.id }) : undefined,
        children: r.index ? undefined : tree(r.id),
      }));
  const handler = routerModule.createStaticHandler(tree(""));
  const manifest = {
    routes,
    entry: { module: "/build/entry.client.js", imports: [] },
    url: "/build/manifest.js",
    version: "test",
  };
  return { manifest, routeModules, handler };
}

const future = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_singleFetch: false,
  v3_lazyRouteDiscovery: true,
  v3_routeConfig: false,
  unstable_optimizeDeps: false,
};

/** A page of the build rendered by a RemixServer, as the server runtime's document request does. */
async function renderPage(
  RemixServer: RemixServerModule["RemixServer"],
  build: ReturnType<typeof appBuild>,
  pathname: string,
  routeModules: Record<string, { default: Component }> = build.routeModules,
): Promise<Html> {
  const url = `http://assay.test${pathname}`;
  const staticHandlerContext = await build.handler.query(new Request(url));
  if (staticHandlerContext instanceof Response) return `redirect ${staticHandlerContext.status}`;
  const context = {
    manifest: build.manifest,
    routeModules: { ...routeModules },
    staticHandlerContext,
    criticalCss: undefined,
    serverHandoffString: "{}",
    future,
    isSpaMode: false,
    serializeError: (error: Error) => ({ message: error.message }),
  };
  return renderToString(h(RemixServer, { context, url }));
}

describe("rendering with the server route objects made once per build", () => {
  const build = appBuild();
  const appPatterns = patterns(appRoutes());

  it("renders every page of the app's route tree as the original RemixServer does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...appPatterns),
        fc.array(segmentValue, { minLength: 2, maxLength: 2 }),
        fc.constantFrom("", "/", "/extra"),
        async (pattern, values, tail) => {
          const pathname = pathFor(pattern, values, tail);
          const expected = await renderPage(originalRemix.RemixServer, build, pathname);
          expect(await renderPage(patchedRemix.RemixServer, build, pathname)).toBe(expected);
          // Again: the build's route objects now come from the cache.
          expect(await renderPage(patchedRemix.RemixServer, build, pathname)).toBe(expected);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("renders the page's routes, and the lazy-discovery manifest of its parents' paths", async () => {
    const html = await renderPage(patchedRemix.RemixServer, build, "/vendors/v1/edit");
    expect(html).toContain('data-route="routes/vendors.$vendorId.edit"');
    // The initial manifest holds the matched routes and those of each parent path.
    expect(html).toContain('"routes/vendors.$vendorId.edit"');
    expect(html).toContain('"routes/vendors._index"');
    expect(html).toBe(await renderPage(originalRemix.RemixServer, build, "/vendors/v1/edit"));
  });

  it("makes a build's route objects once, and anew when a route module changes", async () => {
    const fresh = appBuild();
    const made = vi.spyOn(remixRoutesModule, "createServerRoutes");
    try {
      await renderPage(patchedRemix.RemixServer, fresh, "/vendors");
      await renderPage(patchedRemix.RemixServer, fresh, "/vendors");
      await renderPage(patchedRemix.RemixServer, fresh, "/dashboard");
      // createServerRoutes calls itself for each parent route: count the top-level calls.
      const topLevel = () => made.mock.calls.filter((call) => call[4] === undefined).length;
      expect(topLevel()).toBe(1);
      // A changed module (a development build after an edit) is seen on the next render.
      const edited = {
        ...fresh.routeModules,
        "routes/vendors._index": {
          default: routeComponent("routes/vendors._index", true, "edited"),
        },
      };
      const html = await renderPage(patchedRemix.RemixServer, fresh, "/vendors", edited);
      expect(html).toContain('data-route="edited"');
      expect(topLevel()).toBe(2);
      // Another build (another manifest) has route objects of its own.
      await renderPage(patchedRemix.RemixServer, appBuild(), "/vendors");
      expect(topLevel()).toBe(3);
    } finally {
      made.mockRestore();
    }
  });
});

describe("the static router with data routes made once per route tree", () => {
  const build = appBuild();
  const element = (id: string) => h(routeComponent(id, false));
  const tree = (routes: Route[]): unknown[] =>
    routes.map((route) => ({
      ...route,
      element: element(route.id),
      children: route.children ? tree(route.children) : undefined,
    }));
  const routes = tree(appRoutes());
  const render = (server: StaticServer, context: StaticHandlerContext) =>
    renderToString(
      h(server.StaticRouterProvider, {
        router: server.createStaticRouter(routes, context),
        context,
        hydrate: false,
      }),
    );

  it("renders every page of the app's route tree as the original does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...patterns(appRoutes())),
        fc.array(segmentValue, { minLength: 2, maxLength: 2 }),
        async (pattern, values) => {
          const context = await build.handler.query(
            new Request(`http://assay.test${pathFor(pattern, values, "")}`),
          );
          if (context instanceof Response) return;
          const expected = render(originalStatic, context);
          expect(expected).toContain("data-route");
          expect(render(patchedStatic, context)).toBe(expected);
          expect(render(patchedStatic, context)).toBe(expected);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("converts a route tree once, and another tree afresh", async () => {
    const context = (await build.handler.query(
      new Request("http://assay.test/vendors"),
    )) as StaticHandlerContext;
    const first = patchedStatic.createStaticRouter(routes, context);
    expect(patchedStatic.createStaticRouter(routes, context).routes).toBe(first.routes);
    const other = tree(appRoutes());
    expect(patchedStatic.createStaticRouter(other, context).routes).not.toBe(first.routes);
    expect(originalStatic.createStaticRouter(routes, context).routes).not.toBe(
      originalStatic.createStaticRouter(routes, context).routes,
    );
  });
});
