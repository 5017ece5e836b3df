// Start-up refuses a bad configuration with a message naming the variable, instead of serving
// half-configured. These start the real server process; no browser needed.
import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

function startServer(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", ["scripts/server.js"], {
      // Only what the case needs: nothing from this shell's environment leaks in.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PORT: "3199",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("production on a real database refuses to start without SESSION_SECRET", async () => {
  const { code, output } = await startServer({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
  });
  expect(code).toBe(1);
  expect(output).toContain("Assay cannot start: invalid environment.");
  expect(output).toContain("SESSION_SECRET is required in production");
});

test("a malformed variable is named, with what it should look like", async () => {
  const { code, output } = await startServer({
    NODE_ENV: "production",
    DATABASE_URL: "mysql://localhost/db",
  });
  expect(code).toBe(1);
  expect(output).toContain("DATABASE_URL must start with postgres:// or postgresql://");
});
