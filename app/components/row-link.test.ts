import fc from "fast-check";
import { expect, test } from "vitest";
import { isCurrentPath } from "./row-link";

test("a navigation item is current on its own path and below it, as <NavLink> decides", () => {
  expect(isCurrentPath("/vendors", "/vendors")).toBe(true);
  expect(isCurrentPath("/vendors/123", "/vendors")).toBe(true);
  expect(isCurrentPath("/Vendors/123", "/vendors")).toBe(true);
  expect(isCurrentPath("/vendors/", "/vendors")).toBe(true);
  expect(isCurrentPath("/vendorsx", "/vendors")).toBe(false);
  expect(isCurrentPath("/admin/users", "/admin/audit")).toBe(false);
  expect(isCurrentPath("/supply-chain/providers/x", "/supply-chain")).toBe(true);
  // The home page's item ends there (`end`).
  expect(isCurrentPath("/", "/", true)).toBe(true);
  expect(isCurrentPath("/vendors", "/", true)).toBe(false);
});

test("current exactly when the path is the item's or one of its segments follows", () => {
  const segment = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
  fc.assert(
    fc.property(
      fc.array(segment, { minLength: 1, maxLength: 3 }),
      fc.array(segment, { maxLength: 3 }),
      fc.string({ maxLength: 3 }),
      (item, below, suffix) => {
        const to = `/${item.join("/")}` as const;
        const under = below.length > 0 ? `${to}/${below.join("/")}` : to;
        expect(isCurrentPath(under, to)).toBe(true);
        expect(isCurrentPath(under.toUpperCase(), to)).toBe(true);
        const sibling = `${to}${suffix}`;
        const expected = suffix === "" || suffix.startsWith("/");
        expect(isCurrentPath(sibling, to)).toBe(expected);
        expect(isCurrentPath(under, to, true)).toBe(below.length === 0);
      },
    ),
  );
});
