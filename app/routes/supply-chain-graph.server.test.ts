// The map page and its graph image (decision 429): the page carries the drawing's address and
// figures, not its markup; the image is the drawing, kept for good under its versioned address
// and revalidated by ETag otherwise, for staff only; the filter narrows both alike; and a new
// declaration makes a new drawing at a new address.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { getProviderList } from "~/supply-chain/map.server";
import { mapView, parseMapQuery } from "~/supply-chain/map-view.server";
import { sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId, PASSWORD } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";
import * as graphRoute from "./supply-chain.graph[.svg]";
import * as mapRoute from "./supply-chain._index";

let t: TestDatabase;
let cookie: string;
let vendorCookie: string;
let staff: { id: string; email: string; name: string; role: "procurement" };
let versionId: string;

async function declare(vendor: string, suppliers: { name: string; domain: string }[]) {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: vendor });
  await t.db
    .update(schema.assessments)
    .set({ status: "submitted", submittedAt: new Date("2026-03-01T10:00:00Z") })
    .where(eq(schema.assessments.id, a.assessmentId));
  await t.db.insert(schema.declaredSuppliers).values(
    suppliers.map((s, position) => ({
      assessmentId: a.assessmentId,
      vendorId: a.vendorId,
      questionId: "subprocessor-declaration",
      position,
      name: s.name,
      domain: s.domain,
      service: "cloud_compute" as const,
      receives: ["training_data" as const],
      countries: ["DE"],
    })),
  );
  return a;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "procurement" });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  staff = { id: user.id, email: user.email, name: user.name, role: "procurement" };
  versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
  const first = await declare("Graph Alpha <script>alert(1)</script>", [
    { name: "Vector GPU Cloud", domain: "vectorgpu.example" },
    { name: "Ledger Labelling & Co", domain: "ledger-label.example" },
  ]);
  await declare("Graph Beta", [{ name: "Vector GPU Cloud", domain: "vectorgpu.example" }]);
  vendorCookie = await vendorSessionCookie(t.db, first);
}, 120_000);
afterAll(async () => t.dispose());

type MapData = {
  graph: { src: string; summary: string; width: number; height: number; vendors: number };
};

async function mapPage(search = "", as = cookie): Promise<MapData> {
  const result = await mapRoute.loader({
    request: new Request(`http://localhost:3000/supply-chain${search}`, {
      headers: { Cookie: as },
    }),
    params: {},
    context: {},
  });
  return result as unknown as MapData;
}

async function image(src: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await graphRoute.loader({
      request: new Request(`http://localhost:3000${src}`, {
        headers: { Cookie: cookie, ...headers },
      }),
      params: {},
      context: {},
    });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

test("the page carries the image's address and figures, not the drawing", async () => {
  const { graph } = await mapPage();
  expect(graph.src).toMatch(/^\/supply-chain\/graph\.svg\?v=[\w-]{16}$/);
  expect(graph.summary).toBe(
    "Dependency graph: 2 vendors depend on 2 providers; the most shared is Vector GPU Cloud, used by 2 vendors. The dependency table below has the same flows.",
  );
  expect(graph.vendors).toBe(2);
  expect(graph.height).toBeGreaterThan(40);
  expect(JSON.stringify(graph)).not.toContain("<path");
});

test("the image is the drawing: SVG, kept for good under its versioned address, revalidated otherwise", async () => {
  const { graph } = await mapPage();
  const response = await image(graph.src);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
  const etag = response.headers.get("ETag")!;
  expect(etag).toBe(`"${new URL(graph.src, "http://x").searchParams.get("v")}"`);
  const svg = await response.text();
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="740"/);
  expect(svg).toContain(`<title>${graph.summary}</title>`);
  // Buyer → 2 vendors, Alpha → 2 providers, Beta → 1: five edges, each titled with what flows.
  expect(svg.match(/<path /g)).toHaveLength(5);
  expect(svg).toContain("<title>Graph Beta → Vector GPU Cloud: training data</title>");
  // Names are text, never markup.
  expect(svg).not.toContain("<script>");
  expect(svg).toContain("Ledger Labelling &amp; Co");

  // Without the version (an old bookmark, or asked directly): revalidated, and 304 when unchanged.
  const bare = await image("/supply-chain/graph.svg");
  expect(bare.headers.get("Cache-Control")).toBe("private, no-cache");
  expect(await bare.text()).toBe(svg);
  const unchanged = await image("/supply-chain/graph.svg", { "If-None-Match": etag });
  expect(unchanged.status).toBe(304);
  expect(await unchanged.text()).toBe("");
  // As a proxy that compressed it may send it back: weak, in a list.
  const weak = await image("/supply-chain/graph.svg", { "If-None-Match": `"other", W/${etag}` });
  expect(weak.status).toBe(304);
  const other = await image("/supply-chain/graph.svg", { "If-None-Match": `"other"` });
  expect(other.status).toBe(200);
});

test("the filter narrows the page's figures and its image alike", async () => {
  const { graph } = await mapPage("?q=ledger");
  expect(graph.src).toMatch(/^\/supply-chain\/graph\.svg\?q=ledger&v=[\w-]{16}$/);
  expect(graph.summary).toContain("1 vendors depend on 1 providers");
  const svg = await (await image(graph.src)).text();
  expect(svg).toContain("Ledger Labelling");
  expect(svg).not.toContain("Vector GPU Cloud");
  expect(svg).not.toContain("Graph Beta");
  // The same filter typed differently is the same drawing.
  expect((await mapPage("?q=%20LEDGER")).graph.src).toBe(
    graph.src.replace("q=ledger", "q=+LEDGER"),
  );
  // A refused filter draws the whole map, as the page shows it.
  const whole = (await mapPage()).graph.src;
  const refused = await image("/supply-chain/graph.svg?country=Narnia");
  expect(refused.headers.get("ETag")).toBe(`"${new URL(whole, "http://x").searchParams.get("v")}"`);
});

test("only staff see it: a stranger is sent to sign in, a vendor contact is refused", async () => {
  const stranger = await image("/supply-chain/graph.svg", { Cookie: "" });
  expect(stranger.status).toBe(302);
  expect(stranger.headers.get("Location")).toMatch(/^\/login/);
  const vendor = await image("/supply-chain/graph.svg", { Cookie: vendorCookie });
  expect([302, 403]).toContain(vendor.status);
  expect(vendor.headers.get("Content-Type")).not.toBe("image/svg+xml; charset=utf-8");
});

test("a new declaration is a new drawing at a new address", async () => {
  const before = (await mapPage()).graph.src;
  await declare("Graph Gamma", [{ name: "Vector GPU Cloud", domain: "vectorgpu.example" }]);
  const after = (await mapPage()).graph;
  expect(after.src).not.toBe(before);
  expect(after.summary).toContain("used by 3 vendors");
  // The old address now revalidates instead of being kept for good.
  const old = await image(before);
  expect(old.headers.get("Cache-Control")).toBe("private, no-cache");
  expect(await old.text()).toContain("Graph Gamma");
});

test("a drawing is made once per revision and filter; the whole map's outlasts any number of filters", async () => {
  const all = await getProviderList(t.db);
  expect(await getProviderList(t.db)).toBe(all); // one list per revision
  const whole = mapView(all, parseMapQuery(new URLSearchParams()));
  expect(whole.list).toBe(all);
  const ledger = mapView(all, parseMapQuery(new URLSearchParams("q=ledger")));
  expect(mapView(all, parseMapQuery(new URLSearchParams("q=Ledger ")))).toBe(ledger);
  expect(ledger.drawing).not.toBe(whole.drawing);
  // Forty other filters later, the first is drawn again (a new object, the same drawing), and
  // the whole map's view is still the one made first.
  for (let i = 0; i < 40; i++) mapView(all, parseMapQuery(new URLSearchParams(`q=x${i}`)));
  const again = mapView(all, parseMapQuery(new URLSearchParams("q=ledger")));
  expect(again).not.toBe(ledger);
  expect(again.drawing.version).toBe(ledger.drawing.version);
  expect(mapView(all, parseMapQuery(new URLSearchParams()))).toBe(whole);
});
