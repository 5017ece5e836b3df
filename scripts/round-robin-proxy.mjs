// A small round-robin HTTP proxy (node:http only) for running several Assay instances as one,
// on a developer's machine and in the two-instance end-to-end test (scripts/two-instances.mjs,
// docs/decisions/191-two-instances-tested.md). Each request goes to the next instance in turn;
// bodies stream both ways. Like most proxies it rewrites Host to the instance's address and
// says the public host in X-Forwarded-Host (and the client in X-Forwarded-For), so the
// instances need TRUST_PROXY=true (docs/operations.md, "Behind a proxy"); with
// `keepHost: true` it forwards the browser's Host unchanged instead. Not for production: use
// your load balancer there.
import http from "node:http";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

/**
 * Starts the proxy on `port` in front of `targets` (URLs such as http://127.0.0.1:3001).
 * Every response says which instance answered in `X-Assay-Instance` (its index), and
 * `served` counts the requests each instance answered.
 */
export async function startRoundRobinProxy({ port, host, targets, keepHost = false }) {
  const upstreams = targets.map((t) => new URL(t));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const served = upstreams.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    const upstream = upstreams[index];
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    }
    const publicHost = req.headers.host ?? `localhost:${port}`;
    if (!keepHost) headers.host = upstream.host;
    headers["x-forwarded-host"] = publicHost;
    headers["x-forwarded-proto"] = "http";
    const client = req.socket.remoteAddress ?? "";
    headers["x-forwarded-for"] = req.headers["x-forwarded-for"]
      ? `${req.headers["x-forwarded-for"]}, ${client}`
      : client;
    const forward = http.request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        served[index] += 1;
        const out = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
        }
        out["x-assay-instance"] = String(index);
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    forward.on("error", (error) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`Instance ${index} (${upstream.host}) did not answer: ${error.message}\n`);
    });
    // A client that goes away mid-upload aborts the upstream request too.
    req.on("aborted", () => forward.destroy());
    res.on("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // Without a host: every interface, so "localhost" works whether it resolves to ::1 or 127.0.0.1.
    if (host) server.listen(port, host, resolve);
    else server.listen(port, resolve);
  });
  return {
    url: `http://${host ?? "localhost"}:${port}`,
    served,
    async close() {
      agent.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
