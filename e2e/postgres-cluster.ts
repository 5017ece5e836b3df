// A throwaway PostgreSQL cluster of the test's own (initdb + pg_ctl in a temporary directory on
// a free port, as .ci/run makes its own), so a test can stop, freeze and restart the database
// under a running app. As root the server runs as the postgres user (runuser), as initdb
// refuses to run as root.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type Cluster = {
  url: string;
  port: number;
  /** pg_ctl stop -m fast: connections are closed, new ones refused. */
  stop(): void;
  start(): void;
  /** SIGSTOP to the postmaster: connections are accepted by the kernel but never answered. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
};

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBinaries(): string | null {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  const config = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const bindir = config.status === 0 ? config.stdout.trim() : "";
  return bindir && existsSync(path.join(bindir, "initdb")) ? bindir : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(bindir: string): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "assay-outage-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) spawnSync("chown", ["postgres", dir]);
  const run = (tool: string, args: string[]) => {
    const command = path.join(bindir, tool);
    const result = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
      : spawnSync(command, args, { encoding: "utf8" });
    if (result.status !== 0)
      throw new Error(`${tool} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
  };
  const port = await freePort();
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const postmasterPid = () =>
    Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  let frozen = false;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: () =>
      run("pg_ctl", [
        "-D",
        data,
        "-l",
        path.join(dir, "postgres.log"),
        "-w",
        "-o",
        options,
        "start",
      ]),
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    freeze() {
      process.kill(postmasterPid(), "SIGSTOP");
      frozen = true;
    },
    thaw() {
      if (frozen) process.kill(postmasterPid(), "SIGCONT");
      frozen = false;
    },
    destroy() {
      try {
        cluster.thaw();
        if (existsSync(path.join(data, "postmaster.pid")))
          run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.start();
  return cluster;
}
