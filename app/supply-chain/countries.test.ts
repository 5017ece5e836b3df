import fc from "fast-check";
import { expect, test } from "vitest";
import {
  COUNTRIES,
  countryIn,
  expandPlace,
  findCountry,
  getCountry,
  getRegion,
  isCountryCode,
  placeName,
  REGIONS,
  regionsOf,
} from "./countries";

test("every ISO 3166-1 alpha-2 country is listed once, with a name and a UN M49 region", () => {
  expect(COUNTRIES.length).toBe(250);
  expect(new Set(COUNTRIES.map((c) => c.code)).size).toBe(COUNTRIES.length);
  for (const c of COUNTRIES) {
    expect(c.code).toMatch(/^[A-Z]{2}$/);
    expect(c.alpha3).toMatch(/^[A-Z]{3}$/);
    expect(c.name.length).toBeGreaterThan(0);
    // Antarctica is the one area M49 puts directly under World.
    if (c.code !== "AQ") expect(c.m49.length, c.code).toBeGreaterThan(0);
  }
  expect(getCountry("de")).toMatchObject({ code: "DE", name: "Germany", eu: true, eea: true });
  expect(getCountry("NO")).toMatchObject({ eu: false, eea: true });
  expect(getCountry("GB")).toMatchObject({ eu: false, eea: false });
  expect(getCountry("UK")).toBeUndefined();
});

test("the EU has its 27 members and the EEA adds Iceland, Liechtenstein and Norway", () => {
  const eu = expandPlace("EU");
  expect(eu).toHaveLength(27);
  expect(eu).toEqual(expect.arrayContaining(["FR", "DE", "HR", "CY"]));
  expect(eu).not.toContain("GB");
  expect(expandPlace("eea").sort()).toEqual([...eu, "IS", "LI", "NO"].sort());
});

test("countries are found by code, alpha-3, name or common alias, in any case and accents", () => {
  const cases: [string, string][] = [
    ["UK", "GB"],
    ["u.k.", "GB"],
    ["Great Britain", "GB"],
    ["england", "GB"],
    ["USA", "US"],
    ["U.S.A.", "US"],
    ["united states", "US"],
    ["United States of America", "US"],
    ["us", "US"],
    ["DEU", "DE"],
    ["germany", "DE"],
    ["  France ", "FR"],
    ["Côte d’Ivoire", "CI"],
    ["cote d'ivoire", "CI"],
    ["Holland", "NL"],
    ["South Korea", "KR"],
    ["Republic of Korea", "KR"],
    ["russia", "RU"],
    ["Türkiye", "TR"],
    ["Taiwan", "TW"],
    ["the Netherlands", "NL"],
    ["China", "CN"],
  ];
  for (const [text, code] of cases) expect([text, findCountry(text)?.code]).toEqual([text, code]);
  for (const text of ["", "Europe", "Atlantis", "EU", "XX", "x".repeat(1000)])
    expect([text, findCountry(text)]).toEqual([text, undefined]);
});

test("regions: France is in the EU, EEA, Europe, Western Europe and the World; Taiwan is in Eastern Asia", () => {
  expect(regionsOf("fr")).toEqual(["EU", "EEA", "001", "150", "155"]);
  expect(countryIn("TW", "030")).toBe(true);
  expect(countryIn("XK", "150")).toBe(true);
  expect(countryIn("BR", "419")).toBe(true); // Latin America and the Caribbean
  expect(countryIn("BR", "005")).toBe(true); // South America, an intermediate region
  expect(countryIn("US", "150")).toBe(false);
  expect(countryIn("US", "us")).toBe(true);
  expect(countryIn("ZZ", "001")).toBe(false);
  expect(getRegion("150")?.name).toBe("Europe");
  expect(placeName("EEA")).toBe("European Economic Area");
  expect(placeName("JP")).toBe("Japan");
  expect(placeName("nowhere")).toBe("nowhere");
  expect(expandPlace("atlantis")).toEqual([]);
});

test("isCountryCode takes only stored form: two upper-case letters of an assigned code", () => {
  expect(isCountryCode("DE")).toBe(true);
  for (const bad of ["de", "UK", "DEU", "", " DE", "EU"])
    expect([bad, isCountryCode(bad)]).toEqual([bad, false]);
});

test("property: a country's name, alpha-3 and any case of its code all find it, and it is in every region listed for it", () => {
  fc.assert(
    fc.property(fc.constantFrom(...COUNTRIES), fc.boolean(), (country, lower) => {
      const code = lower ? country.code.toLowerCase() : country.code;
      expect(findCountry(code)?.code).toBe(country.code);
      expect(findCountry(country.alpha3)?.code).toBe(country.code);
      // A name can be shared only where the data itself lists it twice; the first country wins.
      expect(findCountry(country.name.toUpperCase())?.code).toBe(country.code);
      for (const region of regionsOf(country.code)) {
        expect(getRegion(region)).toBeDefined();
        expect(expandPlace(region)).toContain(country.code);
      }
    }),
  );
});

test("property: every country is in the World, and the world's regions partition it", () => {
  expect(expandPlace("001")).toHaveLength(COUNTRIES.length);
  const continents = REGIONS.filter((r) => ["002", "009", "019", "142", "150"].includes(r.id));
  const counted = continents.flatMap((r) => expandPlace(r.id));
  // Antarctica belongs to no continent in M49.
  expect(counted.length).toBe(COUNTRIES.length - 1);
  expect(new Set(counted).size).toBe(counted.length);
});
