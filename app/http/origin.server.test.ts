import { expect, test } from "vitest";
import { isSameOrigin } from "./origin.server";

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

test("behind a TLS proxy the public APP_URL origin is accepted", () => {
  const request = post(
    { Origin: "https://assay.example.com", Host: "10.0.0.5:3000" },
    "http://10.0.0.5:3000/login",
  );
  expect(isSameOrigin(request, "https://assay.example.com")).toBe(true);
  expect(isSameOrigin(request)).toBe(false);
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
