import { afterEach, beforeEach, vi } from "vitest";

// Tests run with a fixed secret and their own data dir; they never touch ./data.
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DATA_DIR ??= `/tmp/assay-test-${process.pid}`;
process.env.APP_URL ??= "http://localhost:3000";

// A console.error during a test fails it: an error nobody expected is a bug. A test that
// expects one says so with vi.spyOn(console, "error").mockImplementation(() => {}).
const originalError = console.error;
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    originalError(...args);
    throw new Error(
      "console.error was called during this test (see above). Mock it in the test if it is expected.",
    );
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
