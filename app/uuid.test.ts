import fc from "fast-check";
import { expect, test } from "vitest";
import { isUuid, UUID_PATTERN } from "./uuid";

test("a UUID's text in either case is one; anything around or inside it is not", () => {
  fc.assert(
    fc.property(fc.uuid(), fc.boolean(), (id, upper) => {
      expect(isUuid(upper ? id.toUpperCase() : id)).toBe(true);
      expect(isUuid(`${id}\n`)).toBe(false);
      expect(isUuid(` ${id}`)).toBe(false);
      expect(isUuid(id.replaceAll("-", ""))).toBe(false);
      expect(isUuid(`${id.slice(0, -1)}g`)).toBe(false);
    }),
  );
  expect(isUuid("")).toBe(false);
  expect(UUID_PATTERN.flags).toBe("i");
});
