// Start-up refuses a bad configuration with a message naming the variable, instead of serving
// half-configured. These start the real server process; no browser needed.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

function startServer(
  env: Record<string, string>,
  cwd?: string,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", [path.resolve("scripts/server.js")], {
      cwd,
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
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
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

test("a library file with a NUL in its text stops start-up, naming the file and the problem", async () => {
  // The app as deployed, with one questionnaire's text ending in "\0", which PostgreSQL cannot
  // store. Before, the file passed the check, failed only when recorded, and the instance ran
  // on, reporting its database "down" (docs/decisions/133-library-text-and-health.md).
  // Embedded PGlite is opened and migrated before the library is read: slow on a busy machine.
  test.setTimeout(150_000);
  const dir = await mkdtemp(path.join(tmpdir(), "assay-bad-library-"));
  try {
    await symlink(path.resolve("build"), path.join(dir, "build"));
    await cp(path.resolve("questionnaires"), path.join(dir, "questionnaires"), { recursive: true });
    const file = path.join(dir, "questionnaires", "ai-model-vendor", "1.0.0.yaml");
    const yaml = await readFile(file, "utf8");
    await writeFile(
      file,
      yaml.replace(/^(\s+text: )(.+)$/m, (_, lead: string, text: string) => `${lead}"${text}\\0"`),
    );
    const { code, output } = await startServer(
      {
        NODE_ENV: "production",
        DATA_DIR: path.join(dir, "data"),
        MIGRATIONS_DIR: path.resolve("db/migrations"),
      },
      dir,
      120_000,
    );
    expect(code).toBe(1);
    expect(output).toContain("The questionnaire library has");
    expect(output).toMatch(
      /ai-model-vendor\/1\.0\.0\.yaml:\d+ .*contains a NUL character \(U\+0000\), which cannot be stored/,
    );
    expect(output).not.toMatch(/database not ready|cannot be reached/i);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
