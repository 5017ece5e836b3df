// The real server, attacked the way an outsider would: headers sent once (so Chromium honours
// them), redirect targets that try to leave the site, and a vendor contact who can sign out.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect } from "node:net";
import { DEMO_PASSWORD } from "../app/demo/demo-records";
import { demoUser, expect, expectAccessible, test } from "./fixtures";
import { adminReadsLatestLink, chooseVendor, openLink } from "./helpers";

const VENDOR = "Tally Annotations";
const CONTACT = "kofi.mensah@tally-annotations.example";
const QUESTIONNAIRE = "AI model and API vendor security assessment";

const SECURITY_HEADERS = [
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "cross-origin-opener-policy",
  "permissions-policy",
  "content-security-policy",
];

test("each security header is sent exactly once, on pages, data, resources and static files", async ({
  request,
}) => {
  for (const path of ["/login", "/login.data", "/healthz", "/favicon.svg", "/no-such-page"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headersArray();
    for (const name of SECURITY_HEADERS) {
      if (name === "content-security-policy" && !["/login", "/no-such-page"].includes(path))
        continue;
      const sent = headers.filter((h) => h.name.toLowerCase() === name);
      expect({ path, name, count: sent.length }).toEqual({ path, name, count: 1 });
    }
    const coop = headers.find((h) => h.name.toLowerCase() === "cross-origin-opener-policy");
    expect(coop?.value).toBe("same-origin");
    // Plain http (this server runs in production mode): no HSTS, and a client's own
    // X-Forwarded-Proto does not count without TRUST_PROXY (app/http/security-headers.ts).
    const claimed = await request.get(path, {
      maxRedirects: 0,
      headers: { "X-Forwarded-Proto": "https" },
    });
    for (const sent of [headers, claimed.headersArray()]) {
      expect(sent.filter((h) => h.name.toLowerCase() === "strict-transport-security")).toEqual([]);
    }
  }
});

test("downloads send each header once too", async ({ page, login }) => {
  await login("procurement");
  for (const path of ["/vendors/export?export=csv", "/questionnaires/export?export=csv"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect({ path, status: response.status() }).toEqual({ path, status: 200 });
    const names = response.headersArray().map((h) => h.name.toLowerCase());
    const repeated = names.filter((name, i) => names.indexOf(name) !== i && name !== "set-cookie");
    expect({ path, repeated }).toEqual({ path, repeated: [] });
  }
});

test("a redirect target that tries to leave the site never does", async ({
  page,
  request,
  a11y,
}) => {
  // Signed out: the sign-in page refuses a tab or line break (browsers drop them) with a 400.
  for (const hostile of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%0D%0A"]) {
    const response = await request.get(`/login?redirectTo=${hostile}`, { maxRedirects: 0 });
    expect({ hostile, status: response.status() }).toEqual({ hostile, status: 400 });
    expect(await response.text()).toContain("line break or control character");
  }
  // Signing in through a link with another origin's path ends on this site.
  await page.goto(`/login?redirectTo=${encodeURIComponent("/\\evil.example/phish")}`);
  await a11y.scan();
  await page.getByLabel("Email address").fill(demoUser("procurement").email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  await a11y.scan();
  // Signed in: the same links, followed, stay here too.
  for (const hostile of [
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "https%3A%2F%2Fevil.example",
  ]) {
    const response = await page.request.get(`/login?redirectTo=${hostile}`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toBe("/");
  }
});

test("a vendor contact signs out from any vendor page, and the old session is gone", async ({
  page,
  browser,
  login,
  a11y,
}) => {
  test.setTimeout(120_000);
  await login("procurement");
  await page.goto("/assessments/new");
  await chooseVendor(page, VENDOR);
  await a11y.scan();
  await page.getByLabel("Questionnaire").selectOption({ label: `${QUESTIONNAIRE} — 1.0.0` });
  await page.getByRole("button", { name: "Send assessment" }).click();
  await expect(page.getByRole("status").first()).toContainText("Assessment sent.");
  await a11y.scan();

  const vendor = await openLink(
    browser,
    await adminReadsLatestLink(browser, CONTACT),
    QUESTIONNAIRE,
  );
  const header = vendor.getByRole("banner");
  await expect(header).toContainText("Kofi Mensah");
  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(vendor.getByRole("heading", { name: "You have signed out" })).toBeVisible();
  await expect(vendor.getByText("open the personal link from your invitation email")).toBeVisible();
  await expectAccessible(vendor);
  await expect(vendor.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  // Back to the task list: the session is over.
  const again = await vendor.goto("/v");
  expect(again?.status()).toBe(401);
  await expect(vendor.getByRole("heading", { name: "You need to sign in" })).toBeVisible();
  await vendor.context().close();
});

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** The pid of the process listening on the e2e port (the real server), from /proc. */
function serverPid(): number {
  const hexPort = PORT.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address ends in :PORT, state 0A is LISTEN; column 9 is the socket's inode.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === "0A") inodes.add(cols[9]!);
    }
  }
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // gone meanwhile
      }
    }
  }
  throw new Error(`no process listens on port ${PORT}`);
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line![1]) / 1024;
}

type Answer = { status: number; headers: string; body: string; closed: boolean; ms: number };

/** One request over a raw socket: a head, then a body written by `send` while the server answers. */
function rawRequest(
  head: string,
  send: (write: (chunk: Buffer | string) => Promise<boolean>) => Promise<void>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(PORT, "127.0.0.1");
    let data = "";
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      const [headers = "", body = ""] = data.split("\r\n\r\n");
      resolve({
        status: Number(headers.split(" ")[1]),
        headers: headers.toLowerCase(),
        body,
        closed,
        ms: Date.now() - started,
      });
      socket.destroy();
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n\r\n")) setTimeout(() => finish(false), 3_000);
    });
    socket.on("close", () => (data ? finish(true) : reject(new Error("closed without an answer"))));
    socket.on("error", () => {});
    socket.write(head);
    const write = (chunk: Buffer | string) =>
      new Promise<boolean>((ok) => {
        if (done || socket.destroyed || socket.writableEnded) return ok(false);
        socket.write(chunk, (error) => ok(!error));
      });
    void send(write).catch(() => {});
  });
}

async function sendChunked(write: (chunk: Buffer | string) => Promise<boolean>, total: number) {
  const size = 256 * 1024;
  const chunk = Buffer.alloc(size, "a");
  for (let sent = 0; sent < total; sent += size) {
    if (
      !(await write(`${size.toString(16)}\r\n`)) ||
      !(await write(chunk)) ||
      !(await write("\r\n"))
    )
      return;
  }
  await write("0\r\n\r\n");
}

const ORIGIN = `http://localhost:${PORT}`;

test("oversized bodies are refused with 413 while they stream, the connection closes, memory stays put", async () => {
  test.setTimeout(120_000);
  const pid = serverPid();
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  try {
    // Declared too large: refused before reading, the connection closed at once.
    const declared = await rawRequest(
      `POST /login HTTP/1.1\r\nHost: localhost:${PORT}\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${400 * 1024 * 1024}\r\n\r\n`,
      async (write) => void (await write(Buffer.alloc(64 * 1024, "a"))),
    );
    expect(declared.status).toBe(413);
    expect(declared.headers).toContain("connection: close");
    expect(declared.closed).toBe(true);
    expect(declared.ms).toBeLessThan(3_000);

    // Chunked, 100 MB each, at once: the sign-in form reads its body and is refused as it
    // passes 16 KB; the others refuse a signed-out caller without reading it. Every
    // connection is closed, none left to read the rest.
    const answers = await Promise.all(
      [
        ["/login", "application/x-www-form-urlencoded"],
        ["/login", "application/x-www-form-urlencoded"],
        ["/v/answers", "application/json"],
        ["/vendors/new", "application/x-www-form-urlencoded"],
        ["/v/evidence", "multipart/form-data; boundary=x"],
      ].map(([path, type]) =>
        rawRequest(
          `POST ${path} HTTP/1.1\r\nHost: localhost:${PORT}\r\nOrigin: ${ORIGIN}\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n`,
          (write) => sendChunked(write, 100 * 1024 * 1024),
        ),
      ),
    );
    expect(answers.map((a) => [a.status, a.closed])).toEqual([
      [413, true],
      [413, true],
      [401, true],
      [401, true],
      [401, true],
    ]);
    expect(answers[0]!.body).toContain("larger than this page accepts");
  } finally {
    clearInterval(sampler);
  }
  // Buffering would cost hundreds of MB; streaming refusals cost a few buffers.
  expect(peak - before).toBeLessThan(60);

  // The server answers the next request at once.
  const next = await rawRequest(
    `GET /healthz HTTP/1.1\r\nHost: localhost:${PORT}\r\n\r\n`,
    async () => {},
  );
  expect(next.status).toBe(200);
  expect(next.ms).toBeLessThan(3_500);
});

test("a Host that is not a host name is a 400 with a message, and the server goes on answering", async () => {
  // Before decision 422, one such POST stopped the server: the origin rule's URL threw in an
  // async middleware, an unhandled rejection.
  for (const method of ["POST", "GET"]) {
    const answer = await rawRequest(
      `${method} /login HTTP/1.1\r\nHost: bad host\r\nOrigin: ${ORIGIN}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      async () => {},
    );
    expect({ method, status: answer.status }).toEqual({ method, status: 400 });
    expect(answer.body).toContain("Host header is not a host name");
  }
  const next = await rawRequest(
    `GET /healthz HTTP/1.1\r\nHost: localhost:${PORT}\r\n\r\n`,
    async () => {},
  );
  expect(next.status).toBe(200);
});

test("a post whose Origin does not match the host it was sent to is a 403 with a message, never Remix's 500", async ({
  request,
}) => {
  const cases: Record<string, string>[] = [
    // What a page with Referrer-Policy: no-referrer sends, even to itself.
    { Origin: "null", "Sec-Fetch-Site": "same-origin" },
    // Remix compares the Origin with X-Forwarded-Host whenever it is present.
    { Origin: ORIGIN, "X-Forwarded-Host": "elsewhere.example" },
    { Origin: "https://evil.example" },
    { Origin: "http://[::1" },
  ];
  for (const headers of cases) {
    for (const path of ["/login", "/login?_data=routes%2Flogin", "/login.data"]) {
      const response = await request.post(path, {
        headers,
        form: { email: "a@b.example", password: "x" },
        maxRedirects: 0,
      });
      expect({ path, headers, status: response.status() }).toEqual({ path, headers, status: 403 });
      expect(await response.text()).toContain("This request came from another site");
    }
  }
});
