import { expect, test } from "vitest";
import {
  ContactSchema,
  parseVendorListQuery,
  VendorSchema,
  emailInDomains,
  vendorListSearch,
  VendorListQuerySchema,
} from "./schemas";

const valid = {
  name: "  Northwind Models  ",
  website: "https://northwind.example/",
  category: "model_api",
  dataAccess: "training_or_model",
  criticality: "high",
  ownerId: "",
  notes: "",
};

test("a vendor form is trimmed, and empty optional fields become nothing", () => {
  expect(VendorSchema.parse(valid)).toEqual({
    name: "Northwind Models",
    website: "https://northwind.example/",
    category: "model_api",
    dataAccess: "training_or_model",
    criticality: "high",
    ownerId: null,
    notes: "",
    emailDomains: [],
  });
  // Without JavaScript, an untouched optional field may not be posted at all.
  const { website: _w, ownerId: _o, notes: _n, ...required } = valid;
  expect(VendorSchema.parse({ ...required, website: "  " })).toMatchObject({
    website: null,
    ownerId: null,
    notes: "",
  });
});

test("only http and https websites are accepted, so a stored link can never run script", () => {
  for (const website of ["https://a.example", "http://a.example/path?x=1"])
    expect(VendorSchema.safeParse({ ...valid, website }).success).toBe(true);
  for (const website of [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://a.example",
    "a.example",
    "https://",
  ]) {
    const result = VendorSchema.safeParse({ ...valid, website });
    expect({ website, success: result.success }).toEqual({ website, success: false });
    expect(result.error?.issues[0]?.path).toEqual(["website"]);
  }
});

test("each vendor field says what to fix", () => {
  const result = VendorSchema.safeParse({
    name: " ",
    website: "nope",
    category: "",
    dataAccess: "everything",
    criticality: undefined,
    ownerId: "not-a-uuid",
    notes: "x".repeat(5001),
  });
  expect(result.success).toBe(false);
  const messages = Object.fromEntries(
    result.error!.issues.map((issue) => [issue.path.join("."), issue.message]),
  );
  expect(messages).toEqual({
    name: "Enter the vendor's name",
    website: "Enter a website address that starts with https://, like https://example.com",
    category: "Choose a category",
    dataAccess: "Choose what data the vendor can access",
    criticality: "Choose how critical the vendor is to the business",
    ownerId: "Choose an owner from the list",
    notes: "Notes are at most 5,000 characters",
  });
  expect(VendorSchema.safeParse({ ...valid, name: "x".repeat(201) }).success).toBe(false);
  expect(VendorSchema.safeParse({ ...valid, name: "x".repeat(200) }).success).toBe(true);
  expect(VendorSchema.safeParse({ ...valid, notes: "x".repeat(5000) }).success).toBe(true);
});

test("a contact's email is lower-cased and checked; the role is optional", () => {
  expect(
    ContactSchema.parse({ name: " Nadia ", email: " Nadia@Northwind.Example ", role: "" }),
  ).toEqual({ name: "Nadia", email: "nadia@northwind.example", role: "" });
  const result = ContactSchema.safeParse({ name: "", email: "nadia", role: "x".repeat(121) });
  expect(result.error?.issues.map((i) => i.path[0])).toEqual(["name", "email", "role"]);
});

test("a bad value in the list's query string falls back to its default, and the rest applies", () => {
  const query = parseVendorListQuery(
    new URLSearchParams({
      q: " north ",
      category: "spaceships",
      dataAccess: "confidential",
      tier: "Critical",
      owner: "'; drop table vendors; --",
      archived: "maybe",
      sort: "password",
      dir: "sideways",
      page: "-3",
    }),
  );
  expect(query).toEqual({
    q: "north",
    category: undefined,
    dataAccess: "confidential",
    criticality: undefined,
    tier: "Critical",
    owner: undefined,
    archived: "exclude",
    sort: "name",
    dir: "asc",
    page: 1,
  });
  expect(parseVendorListQuery(new URLSearchParams("page=abc&q=" + "x".repeat(500)))).toMatchObject({
    page: 1,
    q: "",
  });
  // Each column has its natural first direction: riskiest and newest first.
  expect(parseVendorListQuery(new URLSearchParams("sort=tier")).dir).toBe("desc");
  expect(parseVendorListQuery(new URLSearchParams("sort=created")).dir).toBe("desc");
  expect(parseVendorListQuery(new URLSearchParams("sort=owner")).dir).toBe("asc");
});

test("a list URL keeps only what differs from the defaults and reads back the same", () => {
  const empty = VendorListQuerySchema.parse({});
  expect(vendorListSearch(empty)).toBe("");
  const query = parseVendorListQuery(
    new URLSearchParams(
      "q=cloud&category=&criticality=high&owner=none&archived=include&sort=tier&dir=asc&page=3",
    ),
  );
  const search = vendorListSearch(query);
  expect(search).toBe(
    "?q=cloud&criticality=high&owner=none&archived=include&sort=tier&dir=asc&page=3",
  );
  expect(parseVendorListQuery(new URLSearchParams(search))).toEqual(query);
});

test("email domains are split on commas or new lines, lower-cased, and each checked", () => {
  expect(
    VendorSchema.parse({
      ...valid,
      emailDomains: " Northwind.EXAMPLE,\n@mail.northwind.example; northwind.example ",
    }).emailDomains,
  ).toEqual(["northwind.example", "mail.northwind.example"]);
  const bad = VendorSchema.safeParse({
    ...valid,
    emailDomains: "northwind.example, not a domain!",
  });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues[0]).toMatchObject({
    path: ["emailDomains"],
    message: expect.stringContaining("Enter domains like example.com"),
  });
  expect(
    VendorSchema.safeParse({ ...valid, emailDomains: "https://northwind.example" }).success,
  ).toBe(false);
});

test("an address is allowed when its domain, or a parent of it, is listed; any address when none is", () => {
  expect(emailInDomains("a@northwind.example", [])).toBe(true);
  expect(emailInDomains("a@Northwind.Example", ["northwind.example"])).toBe(true);
  expect(emailInDomains("a@uk.northwind.example", ["northwind.example"])).toBe(true);
  expect(emailInDomains("a@evilnorthwind.example", ["northwind.example"])).toBe(false);
  expect(emailInDomains("a@northwind.example.evil", ["northwind.example"])).toBe(false);
});
