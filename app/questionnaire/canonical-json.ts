// One byte sequence per value, whatever the key order, so a content hash changes only when
// the content does (docs/design.md, invariant 1). Like RFC 8785 in spirit: sorted keys, no
// whitespace, JSON's own number and string forms. Pure; hashing is in files.server.ts.

export function canonicalJson(value: unknown): string {
  return serialise(value, "$");
}

function serialise(value: unknown, at: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${at}: ${value} has no JSON form`);
      // JSON.stringify already writes -0 as 0, so equal numbers give equal text.
      return JSON.stringify(value);
    case "object":
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => (item === undefined ? "null" : serialise(item, `${at}[${index}]`))).join(",")}]`;
      }
      if (
        Object.getPrototypeOf(value) !== Object.prototype &&
        Object.getPrototypeOf(value) !== null
      ) {
        throw new TypeError(`${at}: only plain objects have a canonical form`);
      }
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map(
          (key) =>
            `${JSON.stringify(key)}:${serialise((value as Record<string, unknown>)[key], `${at}.${key}`)}`,
        )
        .join(",")}}`;
    default:
      throw new TypeError(`${at}: a ${typeof value} has no JSON form`);
  }
}
