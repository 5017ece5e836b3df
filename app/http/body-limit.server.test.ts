// The body limits, on a real HTTP server wired the way scripts/server.js wires Remix: real
// sockets, chunked and Content-Length bodies, and the process's memory while 200 MB arrive.
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  BODY_LIMITS,
  bodyLimitFor,
  closeLingeringIfUnread,
  limitRequestBody,
} from "./body-limit.server";

let server: Server;
let port: number;
const seen: { path: string; bytes?: number; error?: string; aborted?: boolean }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const controller = new AbortController();
    const body = limitRequestBody(req, res, path, () => controller.abort());
    if (!body.ok) {
      seen.push({ path });
      return;
    }
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      body: body.stream ? createReadableStreamFromReadable(body.stream) : undefined,
      duplex: "half",
      signal: controller.signal,
    });
    try {
      // What an action does: read the whole body (formData, json or text).
      const text = await request.text();
      seen.push({ path, bytes: Buffer.byteLength(text) });
      if (!res.headersSent) res.end(`read ${Buffer.byteLength(text)}`);
    } catch (error) {
      seen.push({ path, error: String(error), aborted: controller.signal.aborted });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Raw = { status: number; headers: string; body: string; closedAfterMs: number | null };

/**
 * Sends a request over a raw socket and resolves with the answer and when the server closed
 * the connection (null if it stayed open for keep-alive).
 */
function raw(
  head: string,
  writeBody: (write: (chunk: Buffer | string) => Promise<boolean>) => Promise<void>,
  { to = port, readAfterMs = 0 } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, "127.0.0.1");
    // A client too busy to read at once (a loaded machine): the answer waits in its buffer.
    if (readAfterMs) {
      socket.pause();
      setTimeout(() => socket.resume(), readAfterMs);
    }
    let data = "";
    let answeredAt = 0;
    let stopped = false;
    const finish = (closedAfterMs: number | null) => {
      stopped = true;
      const [headers = "", body = ""] = data.split("\r\n\r\n");
      resolve({
        status: Number(headers.split(" ")[1]),
        headers: headers.toLowerCase(),
        body,
        closedAfterMs,
      });
      socket.destroy();
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (!answeredAt && data.includes("\r\n\r\n")) {
        answeredAt = Date.now();
        // Still open after 3 s: kept alive.
        setTimeout(() => !stopped && finish(null), 3_000);
      }
    });
    socket.on("close", () => !stopped && finish(answeredAt ? Date.now() - answeredAt : 0));
    socket.on("error", () => {
      if (!answeredAt) reject(new Error("connection failed before an answer"));
    });
    socket.write(head);
    const write = (chunk: Buffer | string) =>
      new Promise<boolean>((ok) => {
        if (stopped || socket.destroyed || socket.writableEnded) return ok(false);
        socket.write(chunk, (error) => ok(!error));
      });
    void writeBody(write).catch(() => {});
  });
}

async function chunked(
  write: (chunk: Buffer | string) => Promise<boolean>,
  total: number,
  size = 64 * 1024,
) {
  const chunk = Buffer.alloc(size, "a");
  for (let sent = 0; sent < total; sent += size) {
    if (!(await write(`${size.toString(16)}\r\n`))) return;
    if (!(await write(chunk))) return;
    if (!(await write("\r\n"))) return;
  }
  await write("0\r\n\r\n");
}

test("every path has a limit; sign-in is small, autosave 64 KB, uploads their own", () => {
  expect(bodyLimitFor("/login")).toBe(BODY_LIMITS.small);
  expect(bodyLimitFor("/v/answers")).toBe(64 * 1024);
  expect(bodyLimitFor("/v/evidence")).toBe(BODY_LIMITS.upload);
  expect(bodyLimitFor("/questionnaires/import")).toBe(BODY_LIMITS.spreadsheet);
  expect(bodyLimitFor("/vendors/new.data")).toBe(BODY_LIMITS.form);
  expect(bodyLimitFor("/anything/else")).toBe(BODY_LIMITS.form);
});

test("a declared Content-Length over the limit is a 413 before any of the body is read", async () => {
  seen.length = 0;
  const size = 100 * 1024 * 1024;
  const answer = await raw(
    `POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\n\r\n`,
    async () => {},
  );
  expect(answer.status).toBe(413);
  expect(answer.headers).toContain("connection: close");
  expect(answer.body).toContain("larger than this page accepts");
  // Closed promptly, not left waiting for 100 MB that will never be read.
  expect(answer.closedAfterMs).not.toBeNull();
  expect(answer.closedAfterMs!).toBeLessThan(2_500);
  expect(seen).toEqual([{ path: "/login" }]);
});

test("a chunked body is counted as it arrives: 413 once it passes the limit, and the work is aborted", async () => {
  seen.length = 0;
  const answer = await raw(
    `POST /v/answers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    (write) => chunked(write, 50 * 1024 * 1024),
  );
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toMatchObject({ ok: false, kind: "invalid" });
  expect(answer.closedAfterMs).not.toBeNull();
  expect(answer.closedAfterMs!).toBeLessThan(2_500);
  await new Promise((r) => setTimeout(r, 50));
  expect(seen).toEqual([{ path: "/v/answers", error: expect.any(String), aborted: true }]);
});

test("a body within its limit arrives whole, chunked or not, and the connection is kept alive", async () => {
  seen.length = 0;
  const small = await raw(
    `POST /v/answers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    (write) => chunked(write, 60 * 1024, 1024),
  );
  expect(small.status).toBe(200);
  expect(small.body).toBe(`read ${60 * 1024}`);
  expect(small.closedAfterMs).toBeNull();
  const exact = await raw(
    `POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: ${BODY_LIMITS.small}\r\n\r\n`,
    async (write) => void (await write(Buffer.alloc(BODY_LIMITS.small, "b"))),
  );
  expect(exact.status).toBe(200);
  expect(exact.body).toBe(`read ${BODY_LIMITS.small}`);
});

test("200 MB sent chunked to a small form leaves the process's memory where it was", async () => {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const answers = await Promise.all(
    [0, 1, 2, 3].map(() =>
      raw(
        `POST /vendors/new HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
        (write) => chunked(write, 50 * 1024 * 1024),
      ),
    ),
  );
  clearInterval(sampler);
  expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413]);
  // Buffering the bodies would cost at least 200 MB; a streamed refusal costs a few buffers.
  expect((peak - before) / 1024 / 1024).toBeLessThan(40);
});

test("an answer given before the body is read reaches the client, then the connection closes (lingering close)", async () => {
  // What scripts/server.js does for a 401 before an upload: answer without reading the body,
  // with Connection: close. Without the lingering close the socket is destroyed while the
  // client is still sending, and the reset can overtake the answer.
  const early = createServer((req, res) => {
    res.setHeader("Connection", "close");
    closeLingeringIfUnread(req, res);
    res.writeHead(401, { "Content-Type": "text/plain" }).end("Sign in first.\n");
  });
  await new Promise<void>((resolve) => early.listen(0, "127.0.0.1", resolve));
  const earlyPort = (early.address() as AddressInfo).port;
  try {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        raw(
          `POST /v/evidence HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
          (write) => chunked(write, 100 * 1024 * 1024, 256 * 1024),
          { to: earlyPort, readAfterMs: 300 },
        ).catch(() => ({ status: 0, closedAfterMs: null })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
    // Closed once the client has read the answer and stopped sending, never left open.
    for (const answer of answers) {
      expect(answer.closedAfterMs).not.toBeNull();
      expect(answer.closedAfterMs).toBeLessThan(2_800);
    }
  } finally {
    early.closeAllConnections();
    await new Promise<void>((resolve) => early.close(() => resolve()));
  }
});

test("a kept-alive socket's next request is not closed by an earlier request's lingering close", async () => {
  const plain = createServer((req, res) => {
    closeLingeringIfUnread(req, res);
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
  const plainPort = (plain.address() as AddressInfo).port;
  try {
    const answer = await raw(
      `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi`,
      async () => {},
      { to: plainPort },
    );
    // Both answered on the one connection, which stays open for keep-alive.
    expect(answer.body).toContain("ok");
    expect(answer.headers).not.toContain("connection: close");
    expect(answer.closedAfterMs).toBeNull();
  } finally {
    plain.closeAllConnections();
    await new Promise<void>((resolve) => plain.close(() => resolve()));
  }
});
