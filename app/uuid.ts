// A UUID's text (any version, either case): ids from URLs, forms and audit records are checked
// against this one pattern before a query or a lookup sees them.
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
