import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { importCycloneDx } from "./cyclonedx.server";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

test("a published SaaSBOM (1.4): the partner's services become one row, the unowned database is left out", async () => {
  const result = await importCycloneDx(fixture("saasbom-apigateway-1.4.json"));
  if (!result.ok) throw new Error(result.error);
  expect(result.value.specVersion).toBe("1.4");
  expect(result.value.rows.map((r) => [r.name, r.domain, r.service])).toEqual([
    ["Acme Inc", "example.com", "other"],
    ["S3", "s3-example.amazon.com", "storage"],
  ]);
  expect(result.value.notes).toContainEqual({
    row: null,
    message:
      "“Postgres” names no provider and does not cross a trust boundary, so it is taken as your own: left out.",
  });
  expect(result.value.notes).toContainEqual({
    row: 0,
    message:
      "The data classified “PII” does not say which of your data it is: choose what it receives.",
  });
});

test("the specification's service examples (1.5, 1.6): provider and domain, flows it cannot classify noted", async () => {
  for (const name of ["spec-valid-service-1.5.json", "spec-valid-service-1.6.json"]) {
    const result = await importCycloneDx(fixture(name));
    if (!result.ok) throw new Error(`${name}: ${result.error}`);
    expect(result.value.rows).toEqual([
      {
        name: "Partner Org",
        domain: "partner.org",
        service: "other",
        receives: [],
        countries: [],
        stateControlled: "unknown",
      },
    ]);
    expect(result.value.notes.filter((n) => n.row === 0).length).toBeGreaterThan(2);
  }
});

test("ML-BOMs (1.6): a foundation model's supplier and the specification's model card become model rows", async () => {
  const foundation = await importCycloneDx(fixture("mlbom-foundation-model-1.6.json"));
  expect(foundation.ok && foundation.value.rows).toEqual([
    {
      name: "OpenAI Inc",
      domain: null,
      service: "model_api",
      receives: [],
      countries: [],
      stateControlled: "unknown",
    },
  ]);
  const card = await importCycloneDx(fixture("spec-valid-machine-learning-1.6.json"));
  expect(card.ok && card.value.rows.map((r) => [r.name, r.service])).toEqual([
    ["Acme Inc", "model_api"],
  ]);
  const saas = await importCycloneDx(fixture("spec-valid-saasbom-1.6.json"));
  expect(saas.ok && saas.value.rows.map((r) => r.name)).toEqual(["Acme Inc"]);
});

test("an AI vendor's BOM written for Assay: GPU cloud (two services merged), model API, base model; own and internal left out", async () => {
  const result = await importCycloneDx(fixture("ai-vendor-1.6.json"));
  if (!result.ok) throw new Error(result.error);
  expect(result.value.rows).toEqual([
    {
      name: "Acme GPU Cloud",
      domain: "acmegpu.example",
      service: "cloud_compute",
      receives: ["training_data", "weights"],
      countries: ["DE", "US"],
      stateControlled: "no",
    },
    {
      name: "Model Labs SAS",
      domain: "modellabs.example",
      service: "model_api",
      receives: ["prompts_outputs"],
      countries: ["FR"],
      stateControlled: "unknown",
    },
    {
      name: "Open Weights Collective",
      domain: "openweights.example",
      service: "model_api",
      receives: [],
      countries: [],
      stateControlled: "unknown",
    },
  ]);
  expect(result.value.notes).toContainEqual({
    row: 1,
    message: "“Atlantis” is not a country Assay knows: add the countries by hand.",
  });
});

test("a BOM that breaks its version's schema is refused with where and why, before any mapping", async () => {
  expect(await importCycloneDx(fixture("spec-invalid-service-data-1.6.json"))).toEqual({
    ok: false,
    error:
      "The file is not valid CycloneDX 1.6: at /services/0/data/0/flow: must be equal to one of the allowed values (inbound, outbound, bi-directional, unknown).",
  });
  const unknownKey = JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    services: [{ name: "x", sneaky: true }],
  });
  const result = await importCycloneDx(unknownKey);
  expect(result.ok ? "ok" : result.error).toBe(
    "The file is not valid CycloneDX 1.5: at /services/0: must NOT have additional properties “sneaky”.",
  );
});

test("hostile input is refused by the cheap checks before the schema is consulted", async () => {
  expect(await importCycloneDx("<bom/>")).toMatchObject({
    ok: false,
    error: expect.stringMatching(/XML/),
  });
  const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","x":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
  expect(await importCycloneDx(deep)).toMatchObject({
    ok: false,
    error: expect.stringMatching(/nested more than 64/),
  });
});
