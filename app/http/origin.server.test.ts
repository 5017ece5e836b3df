import { expect, test } from "vitest";
import { isSameOrigin, originRefusal } from "./origin.server";

function post(headers: Record<string, string>, url = "http://localhost:3000/login") {
  return new Request(url, { method: "POST", headers });
}

test("GET is never blocked", () => {
  expect(
    isSameOrigin(
      new Request("http://localhost:3000/", { headers: { Origin: "https://evil.example" } }),
    ),
  ).toBe(true);
});

test("a POST from the app's own origin passes; from another site it does not", () => {
  expect(isSameOrigin(post({ Origin: "http://localhost:3000" }))).toBe(true);
  expect(isSameOrigin(post({ Origin: "https://evil.example" }))).toBe(false);
  expect(isSameOrigin(post({ Origin: "http://localhost:3001" }))).toBe(false);
  expect(isSameOrigin(post({ Origin: "null" }))).toBe(false);
});

test("without Origin, Sec-Fetch-Site decides; with neither the request is refused", () => {
  expect(isSameOrigin(post({ "Sec-Fetch-Site": "same-origin" }))).toBe(true);
  expect(isSameOrigin(post({ "Sec-Fetch-Site": "cross-site" }))).toBe(false);
  expect(isSameOrigin(post({ "Sec-Fetch-Site": "same-site" }))).toBe(false);
  expect(isSameOrigin(post({}))).toBe(false);
});

test("behind a TLS proxy the public APP_URL origin is accepted when the proxy says the host it was sent to", () => {
  const request = post(
    {
      Origin: "https://assay.example.com",
      Host: "10.0.0.5:3000",
      "X-Forwarded-Host": "assay.example.com",
    },
    "http://10.0.0.5:3000/login",
  );
  expect(isSameOrigin(request, "https://assay.example.com")).toBe(true);
  expect(isSameOrigin(request)).toBe(false);
  // Without X-Forwarded-Host Remix's own check would fail the action with a 500: refused here.
  const rewritten = post(
    { Origin: "https://assay.example.com", Host: "10.0.0.5:3000" },
    "http://10.0.0.5:3000/login",
  );
  expect(originRefusal(rewritten, "https://assay.example.com")).toBe("host-mismatch");
});

test("whatever Remix's own check would fail with a 500 is refused here", () => {
  // A page with Referrer-Policy: no-referrer posts with Origin: null, even to itself.
  expect(originRefusal(post({ Origin: "null", "Sec-Fetch-Site": "same-origin" }))).toBe(
    "opaque-origin",
  );
  // Remix compares with X-Forwarded-Host whenever it is present, trusted or not.
  expect(
    originRefusal(
      post({
        Origin: "http://localhost:3000",
        Host: "localhost:3000",
        "X-Forwarded-Host": "x.example",
      }),
    ),
  ).toBe("host-mismatch");
  // A malformed Origin is cross-site, not an exception.
  expect(originRefusal(post({ Origin: "http://[::1", Host: "localhost:3000" }))).toBe("cross-site");
  expect(originRefusal(post({ Origin: "http://localhost:3000", Host: "localhost:3000" }))).toBe(
    null,
  );
});

test("a proxy's X-Forwarded-Host counts only when the proxy is trusted", () => {
  // A proxy that rewrites Host to the instance's address and says the public one in X-Forwarded-Host.
  const request = post(
    {
      Origin: "http://assay.internal:8080",
      Host: "127.0.0.1:3001",
      "X-Forwarded-Host": "assay.internal:8080",
    },
    "http://127.0.0.1:3001/login",
  );
  expect(isSameOrigin(request, "http://localhost:3001", true)).toBe(true);
  expect(isSameOrigin(request, "http://localhost:3001", false)).toBe(false);
  // Trusted or not, a forwarded host is not a way in for another site.
  const forged = post(
    {
      Origin: "https://evil.example",
      Host: "127.0.0.1:3001",
      "X-Forwarded-Host": "assay.internal:8080",
    },
    "http://127.0.0.1:3001/login",
  );
  expect(isSameOrigin(forged, "http://localhost:3001", true)).toBe(false);
});
