// The bare HTTP floor (docs/decisions/398-bare-http-floor.md): the least any Node.js HTTP
// endpoint that saves one answer can do — node:http with no framework, no session, no
// validation, one postgres.js upsert per POST, and a small JSON answer. Started by
// bench/floor.ts as a process of its own, with the app's pool size; prints its port.
import http from "node:http";
import postgres from "postgres";

const table = process.env.BENCH_FLOOR_TABLE ?? "bench_floor_http_upsert";
const sql = postgres(process.env.DATABASE_URL, {
  max: Number(process.env.BENCH_FLOOR_POOL ?? 10),
  onnotice: () => {},
});

const server = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", async () => {
    try {
      const { assessment, question, answer } = JSON.parse(body);
      const [row] = await sql`insert into ${sql(table)} (assessment, question, answer, revision)
        values (${assessment}, ${question}, ${sql.json(answer)}, 1)
        on conflict (assessment, question) do update
        set answer = excluded.answer, revision = ${sql(table)}.revision + 1
        returning revision`;
      const out = JSON.stringify({ ok: true, revision: row.revision });
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(out),
      });
      res.end(out);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
