import { expect, test, vi } from "vitest";
import { setDatabaseForTests } from "~/db.server";
import { createTestDatabase } from "~/test/database";
import { loader } from "./healthz";

// Makes its database inside the test (not in a hook): up to 120 s on a loaded machine.
test(
  "healthz reports the database up, then 503 when it is gone",
  { timeout: 120_000 },
  async () => {
    const t = await createTestDatabase();
    const up = await loader();
    expect(up.status).toBe(200);
    expect(up.headers.get("cache-control")).toBe("no-store");
    expect(await up.json()).toMatchObject({
      status: "ok",
      database: { status: "up", kind: t.kind },
    });

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
  },
);

test("a start-up that failed for another reason than the database is not reported as the database down", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const failWith = (error: Error) => {
    const failed = Promise.reject(error);
    failed.catch(() => {});
    globalThis.__assayDatabase = failed as never;
    globalThis.__assayDatabaseReady = true;
  };
  try {
    // What PostgreSQL answers when asked to store a NUL: the data is wrong, the database is fine.
    failWith(
      Object.assign(new Error("unsupported Unicode escape sequence"), {
        name: "PostgresError",
        code: "22P05",
      }),
    );
    const failed = await loader();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({
      status: "unavailable",
      app: { status: "failed", error: expect.stringMatching(/^Start-up failed/) },
      database: { status: "unknown" },
    });
    // A refused connection at start-up is the database down.
    failWith(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    );
    const down = await loader();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ database: { status: "down" } });
    expect(logged).toHaveBeenCalled();
  } finally {
    setDatabaseForTests(undefined);
  }
});
