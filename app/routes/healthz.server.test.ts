import { expect, test, vi } from "vitest";
import { setDatabaseForTests } from "~/db.server";
import { createTestDatabase } from "~/test/database";
import { loader } from "./healthz";

test("healthz reports the database up, then 503 when it is gone", async () => {
  const t = await createTestDatabase();
  const up = await loader();
  expect(up.status).toBe(200);
  expect(up.headers.get("cache-control")).toBe("no-store");
  expect(await up.json()).toMatchObject({ status: "ok", database: { status: "up", kind: t.kind } });

  // A real outage: the connection is closed under the app.
  await t.close();
  setDatabaseForTests(t);
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const down = await loader();
  expect(down.status).toBe(503);
  const body = await down.json();
  expect(body).toMatchObject({
    status: "unavailable",
    app: { status: "ok" },
    database: { status: "down" },
  });
  expect(JSON.stringify(body)).not.toMatch(/password|postgres:\/\//);
  expect(logged).toHaveBeenCalled();
  setDatabaseForTests(undefined);
  await t.dispose().catch(() => {});
});
