// Password hashing with scrypt (OWASP's parameters: N=2^17, r=8, p=1), from node:crypto so
// nothing native has to be built. The parameters travel with the hash, so they can be
// raised later without breaking existing passwords.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

type ScryptParams = { N: number; r: number; p: number };

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
// Unit and integration tests (NODE_ENV=test) hash thousands of times; the cost is the only
// thing that differs, and the format records it.
const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
function defaultParams(): ScryptParams {
  return process.env.NODE_ENV === "test" ? TEST_SCRYPT : DEFAULT_SCRYPT;
}
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = defaultParams(),
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    "scrypt",
    params.N,
    params.r,
    params.p,
    salt.toString("base64"),
    key.toString("base64"),
  ].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Checked against when the email is unknown, so that a wrong address costs the same time as
// a wrong password (no user enumeration through timing).
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}
