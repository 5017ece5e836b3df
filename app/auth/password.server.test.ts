import { expect, test } from "vitest";
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from "./password.server";

const fast = { N: 2 ** 10, r: 8, p: 1 };

test("a hash verifies the password it was made from and nothing else", async () => {
  const hash = await hashPassword("correct horse battery staple", fast);
  expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
  expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
  expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  expect(await verifyPassword("", hash)).toBe(false);
});

test("the same password hashes differently each time (random salt)", async () => {
  const [a, b] = await Promise.all([
    hashPassword("pw-pw-pw-pw-pw", fast),
    hashPassword("pw-pw-pw-pw-pw", fast),
  ]);
  expect(a).not.toBe(b);
});

test("the default cost is OWASP's scrypt minimum and still verifies", async () => {
  const hash = await hashPassword("a long enough password", DEFAULT_SCRYPT);
  expect(hash.startsWith("scrypt$131072$8$1$")).toBe(true);
  expect(await verifyPassword("a long enough password", hash)).toBe(true);
});

test("a malformed stored hash never verifies", async () => {
  expect(await verifyPassword("x", "")).toBe(false);
  expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
});
