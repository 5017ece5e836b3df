// The webhook admin pages through their loaders and actions: admins only; a private or
// loopback URL is refused with the message on the URL field; a good endpoint's secret is in the
// create response once and never in a page; a test event lands in the endpoint's log and can
// be redelivered.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie } from "~/auth/session.server";
import { action as listAction, loader as listLoader } from "~/routes/admin.webhooks._index";
import {
  action as endpointAction,
  loader as endpointLoader,
} from "~/routes/admin.webhooks.$endpointId";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, PASSWORD } from "~/test/factories";

let t: TestDatabase;
let adminCookie: string;
let officerCookie: string;

async function cookieFor(role: "admin" | "risk_officer") {
  const row = await createUser(t.db, { role, name: role });
  const session = await login(t.db, { email: row.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  return (await commitSessionCookie(session.token)).split(";")[0]!;
}

async function settle(run: () => unknown) {
  try {
    return await run();
  } catch (thrown) {
    return thrown;
  }
}
const statusOf = (value: unknown) =>
  value instanceof Response
    ? value.status
    : ((value as { init?: { status?: number } }).init?.status ?? 200);
const bodyOf = (value: unknown) => (value as { data: any }).data; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  t = await createTestDatabase();
  adminCookie = await cookieFor("admin");
  officerCookie = await cookieFor("risk_officer");
});
afterAll(async () => t.dispose());

const get = (path: string, cookie: string) =>
  new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });

test("only admins reach the webhook pages", async () => {
  const refused = await settle(() =>
    listLoader({
      request: get("/admin/webhooks", officerCookie),
      params: {},
      context: {},
    } as LoaderFunctionArgs),
  );
  expect(statusOf(refused)).toBe(403);
});

test("SSRF targets are refused on save; a public one is registered and its secret shown once", async () => {
  const post = (fields: Record<string, string>) =>
    settle(() =>
      listAction({
        request: formRequest("/admin/webhooks", fields, { Cookie: adminCookie }),
        params: {},
        context: {},
      } as ActionFunctionArgs),
    );
  const base = { intent: "create", name: "SIEM", events: "finding.opened", format: "json" };
  for (const url of [
    "https://169.254.169.254/latest/meta-data/",
    "https://127.0.0.1/hook",
    "https://10.0.0.8/hook",
    "https://[::1]/hook",
    "https://localhost/hook",
  ]) {
    const refused = await post({ ...base, url });
    expect({ url, status: statusOf(refused) }).toEqual({ url, status: 400 });
    expect(bodyOf(refused).errors.url).toMatch(/loopback, private or link-local/);
  }
  const missing = await post({ intent: "create", name: "", url: "nope", format: "json" });
  expect(statusOf(missing)).toBe(400);
  expect(Object.keys(bodyOf(missing).errors)).toEqual(
    expect.arrayContaining(["name", "url", "events"]),
  );

  const created = await post({ ...base, url: "https://93.184.216.34/hook" });
  expect(statusOf(created)).toBe(200);
  const secret = bodyOf(created).created.secret as string;
  expect(secret).toMatch(/^whsec_/);
  const page = await listLoader({
    request: get("/admin/webhooks", adminCookie),
    params: {},
    context: {},
  } as LoaderFunctionArgs);
  expect(JSON.stringify(page)).not.toContain(secret);

  // A test event goes into the endpoint's log; redeliver queues it again.
  const endpointId = bodyOf(created).created.id as string;
  const params = { endpointId };
  const tested = await settle(() =>
    endpointAction({
      request: formRequest(
        `/admin/webhooks/${endpointId}`,
        { intent: "test", endpointId },
        { Cookie: adminCookie },
      ),
      params,
      context: {},
    } as ActionFunctionArgs),
  );
  expect(statusOf(tested)).toBe(302);
  let log = await endpointLoader({
    request: get(`/admin/webhooks/${endpointId}`, adminCookie),
    params,
    context: {},
  } as LoaderFunctionArgs);
  expect(log.deliveries.map((d) => [d.type, d.status])).toEqual([["webhook.test", "queued"]]);
  expect(JSON.stringify(log)).not.toContain(secret);
  const again = await settle(() =>
    endpointAction({
      request: formRequest(
        `/admin/webhooks/${endpointId}`,
        { intent: "redeliver", endpointId, deliveryId: String(log.deliveries[0]!.id) },
        { Cookie: adminCookie },
      ),
      params,
      context: {},
    } as ActionFunctionArgs),
  );
  expect(statusOf(again)).toBe(302);
  log = await endpointLoader({
    request: get(`/admin/webhooks/${endpointId}`, adminCookie),
    params,
    context: {},
  } as LoaderFunctionArgs);
  expect(log.deliveries).toHaveLength(2);
  expect(log.deliveries[0]!.redeliveryOf).toBe(log.deliveries[1]!.id);
});
