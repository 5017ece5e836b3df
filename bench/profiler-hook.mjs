// Preloaded into the app server by the bench's profile pass (`node --import
// ./bench/profiler-hook.mjs scripts/server.js`, docs/decisions/386-bench-cpu-profiles.md): each
// SIGUSR2 starts V8's sampling profiler in this process, and the next one stops it and writes
// the profile to $BENCH_PROFILE_DIR/<n>.cpuprofile (renamed into place once complete); the file
// `profiling` there says a profile is being taken. One
// server process then gives one profile per measured request kind, without restarts, and the
// production server carries no profiling code.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  // Connected on the first signal, so that until then the server runs as it always does.
  let session;
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  let profiling = false;
  let count = 0;
  let busy = Promise.resolve();
  process.on("SIGUSR2", () => {
    busy = busy
      .then(async () => {
        if (!profiling) {
          if (!session) {
            session = new Session();
            session.connect();
          }
          await post("Profiler.enable");
          // 1 ms between samples (V8's default is 1 ms too; stated so the figures say it).
          await post("Profiler.setSamplingInterval", { interval: 1000 });
          await post("Profiler.start");
          profiling = true;
          // Tells the bench the profiler runs (it starts its load then).
          writeFileSync(path.join(dir, "profiling"), "");
          return;
        }
        const { profile } = await post("Profiler.stop");
        profiling = false;
        rmSync(path.join(dir, "profiling"), { force: true });
        const file = path.join(dir, `${++count}.cpuprofile`);
        writeFileSync(`${file}.part`, JSON.stringify(profile));
        renameSync(`${file}.part`, file);
      })
      .catch((error) => console.error("bench profiler:", error));
  });
}
