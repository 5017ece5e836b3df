// Webhooks as an admin sets them up (docs/integrations.md, docs/decisions/215-webhooks-outbox.md):
// an endpoint on a receiver this spec starts, its secret shown once, a test event that the
// receiver refuses at first and gets on the retry, signed as documented, and the delivery log
// saying so. Every page is scanned with axe.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { type AddressInfo } from "node:net";
import { expect, test } from "./fixtures";

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver on a free local port: answers `status` and keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 503 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(state.status, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assay`;
  return { url, received, state, close: () => new Promise((r) => server.close(r)) };
}

/** The documented check: HMAC-SHA256 of `t + "." + body` with the endpoint's secret. */
function signatureHolds(header: string | undefined, body: string, secret: string): boolean {
  if (!header) return false;
  const pairs = header.split(",").map((part) => part.split("=", 2) as [string, string]);
  const t = pairs.find(([k]) => k === "t")?.[1];
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return pairs
    .filter(([k]) => k === "v1")
    .some(([, v]) => {
      const given = Buffer.from(v, "hex");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

test("an admin registers an endpoint; a refused test event is retried, delivered signed, and logged", async ({
  page,
  login,
  a11y,
}) => {
  // A retry after the first refusal, and the worker's polling, take a while.
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  const name = `E2E receiver ${Date.now()}`;
  try {
    await login("admin");
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await a11y.scan();

    // Saved without events: the form says what is missing.
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await a11y.scan();

    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel(/^Assessment submitted/).check();
    await page.getByLabel(/^This endpoint is on a private network/).check();
    await page.getByRole("button", { name: "Register endpoint" }).click();
    await expect(
      page.getByRole("heading", { name: `Endpoint “${name}” registered` }),
    ).toBeVisible();
    const secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await a11y.scan();

    // The receiver is down (503) when the test event goes out.
    await page.goto("/admin/webhooks");
    await page.getByRole("button", { name: `Send test event to “${name}”` }).click();
    await expect(page.getByText("A test event is on its way.")).toBeVisible();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(0);
    // The button leads to the endpoint's delivery log.
    await expect(page.getByRole("heading", { name: `Deliveries to “${name}”` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "webhook.test" });
    await expect(row).toContainText(/Retrying|Sending|Queued/);
    await a11y.scan();

    // Back up: the retry arrives, signed with the secret shown once.
    receiver.state.status = 200;
    await expect
      .poll(() => receiver.received.length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    const [first, retried] = receiver.received;
    expect(retried!.body).toBe(first!.body);
    expect(JSON.parse(retried!.body)).toMatchObject({ type: "webhook.test" });
    expect(
      signatureHolds(retried!.headers["assay-signature"] as string, retried!.body, secret),
    ).toBe(true);
    expect(
      signatureHolds(retried!.headers["assay-signature"] as string, retried!.body, "wrong"),
    ).toBe(false);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole("row").filter({ hasText: "webhook.test" }).first().innerText();
        },
        { timeout: 20_000 },
      )
      .toMatch(/Delivered/);
    await expect(page.getByRole("row").filter({ hasText: "webhook.test" }).first()).toContainText(
      "200",
    );
    await a11y.scan();

    // Clean up: the shared database keeps no endpoint pointing at a receiver that is gone.
    await page.getByRole("button", { name: "Delete this endpoint" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name })).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
