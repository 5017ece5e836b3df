import { expect, test } from "vitest";
import { perRequestMemo } from "./per-request.server";

test("a load runs once per request and key; another request, or none, loads again", async () => {
  const once = perRequestMemo<number>();
  let loads = 0;
  const load = () => Promise.resolve(++loads);
  const request = {};
  expect(await once(request, "a", load)).toBe(1);
  expect(await once(request, "a", load)).toBe(1);
  expect(await once(request, "b", load)).toBe(2);
  expect(await once({}, "a", load)).toBe(3);
  expect(await once(undefined, "a", load)).toBe(4);
  expect(await once(undefined, "a", load)).toBe(5);
});
