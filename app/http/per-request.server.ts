// What the loaders of one request share: the root loader, a layout's and the page's run side by
// side and need the same lookups (the session, the vendor's assessment). Keyed by Remix's load
// context, a new object per request (scripts/server.js), so nothing is shared between requests
// (docs/decisions/361-section-loader-queries.md). A caller without a context (an action, a
// test) loads afresh.

/**
 * A memo per request: `once(perRequest, key, load)` runs `load` once per load context and key,
 * and every other caller of the same request gets the same promise.
 */
export function perRequestMemo<T>() {
  const byRequest = new WeakMap<object, Map<string, Promise<T>>>();
  return function once(
    perRequest: object | undefined,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (!perRequest) return load();
    let loaded = byRequest.get(perRequest);
    if (!loaded) byRequest.set(perRequest, (loaded = new Map()));
    let value = loaded.get(key);
    if (!value) {
      value = load();
      loaded.set(key, value);
    }
    return value;
  };
}
