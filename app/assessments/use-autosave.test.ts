import { expect, test } from "vitest";
import { outcomeOf } from "./use-autosave";

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers });

test("a save's response is read as the queue's outcome; a 503 is a retry after Retry-After", async () => {
  expect(await outcomeOf(json({ ok: true, revision: 3 }, 200))).toEqual({
    kind: "saved",
    revision: 3,
  });
  const current = { answer: null, comment: "", revision: 4, updatedBy: "Sam" };
  expect(await outcomeOf(json({ ok: false, kind: "conflict", current }, 409))).toEqual({
    kind: "conflict",
    current,
  });
  expect(await outcomeOf(json({ ok: false, kind: "invalid", message: "Too long" }, 422))).toEqual({
    kind: "invalid",
    message: "Too long",
  });
  expect(
    await outcomeOf(
      json({ ok: false, message: "Briefly unavailable" }, 503, { "Retry-After": "5" }),
    ),
  ).toEqual({ kind: "unavailable", retryAfterMs: 5_000 });
  expect(await outcomeOf(new Response("Bad gateway", { status: 502 }))).toEqual({
    kind: "unavailable",
    retryAfterMs: undefined,
  });
  expect(await outcomeOf(new Response("<h1>Error</h1>", { status: 500 }))).toEqual({
    kind: "unavailable",
  });
  expect(await outcomeOf(new Response("Too large", { status: 413 }))).toEqual({
    kind: "invalid",
    message: "That answer is too long to save.",
  });
  expect((await outcomeOf(json("Sign in again", 401))).kind).toBe("refused");
});
