// Public frameworks a question or finding may cite, as `PREFIX:ID`. Each prefix pins one
// edition, because IDs move between editions (CSA's STA/TVM numbers differ between AICM
// and CCM v4 — see docs/decisions/016-framework-references.md). Pure: no I/O.

export type Framework = {
  name: string;
  edition: string;
  url: string;
  /** The ID part after the colon. */
  idPattern: RegExp;
  example: string;
};

export const FRAMEWORKS = {
  "NCSC-SC": {
    name: "NCSC supply chain security principles",
    edition: "principles 1–12",
    url: "https://www.ncsc.gov.uk/collection/supply-chain-security",
    idPattern: /^([1-9]|1[0-2])$/,
    example: "NCSC-SC:5",
  },
  "NCSC-SAID": {
    name: "NCSC/CISA Guidelines for secure AI system development",
    edition: "2023",
    url: "https://www.ncsc.gov.uk/collection/guidelines-secure-ai-system-development",
    idPattern: /^(Design|Development|Deployment|Operation)$/,
    example: "NCSC-SAID:Development",
  },
  "NIST-AI-RMF": {
    name: "NIST AI Risk Management Framework",
    edition: "1.0",
    url: "https://www.nist.gov/itl/ai-risk-management-framework",
    idPattern: /^(GOVERN|MAP|MEASURE|MANAGE)-\d{1,2}(\.\d{1,2})?$/,
    example: "NIST-AI-RMF:GOVERN-6.1",
  },
  "NIST-AI-600-1": {
    name: "NIST AI 600-1 Generative AI Profile",
    edition: "2024",
    url: "https://doi.org/10.6028/NIST.AI.600-1",
    // An action (GV-6.1-001), or one of the twelve risks of section 2 (Risk-2.9 is
    // Information Security, Risk-2.12 Value Chain and Component Integration).
    idPattern: /^((GV|MP|MS|MG)-\d{1,2}\.\d{1,2}-\d{3}|Risk-2\.([1-9]|1[0-2]))$/,
    example: "NIST-AI-600-1:GV-6.1-001",
  },
  "NIST-SP-800-53": {
    name: "NIST SP 800-53 controls (as used by SP 800-161r1)",
    edition: "rev. 5",
    url: "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
    idPattern: /^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/,
    example: "NIST-SP-800-53:SR-4",
  },
  "CSA-AICM": {
    name: "CSA AI Controls Matrix",
    edition: "v1.0 (IDs as rendered by the AICM Atlas)",
    url: "https://cloudsecurityalliance.org/aicm",
    idPattern: /^[A-Z&]{2,4}-\d{2}$/,
    example: "CSA-AICM:DSP-20",
  },
  "CSA-CCM": {
    name: "CSA Cloud Controls Matrix / CAIQ",
    edition: "v4.0",
    url: "https://cloudsecurityalliance.org/research/cloud-controls-matrix",
    idPattern: /^[A-Z&]{2,4}-\d{2}$/,
    example: "CSA-CCM:CEK-03",
  },
  "ISO-42001": {
    name: "ISO/IEC 42001 Annex A",
    edition: "2023",
    url: "https://www.iso.org/standard/81230.html",
    idPattern: /^A\.\d{1,2}(\.\d{1,2}){0,2}$/,
    example: "ISO-42001:A.7.5",
  },
  "OWASP-LLM": {
    name: "OWASP Top 10 for LLM Applications",
    edition: "2025",
    url: "https://genai.owasp.org/llm-top-10/",
    idPattern: /^LLM(0[1-9]|10)$/,
    example: "OWASP-LLM:LLM03",
  },
  "MITRE-ATLAS": {
    name: "MITRE ATLAS",
    edition: "techniques and mitigations",
    url: "https://atlas.mitre.org/",
    idPattern: /^AML\.[TM]\d{4}(\.\d{3})?$/,
    example: "MITRE-ATLAS:AML.T0010",
  },
  "EU-AI-Act": {
    name: "EU AI Act (Regulation (EU) 2024/1689)",
    edition: "2024",
    url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
    idPattern: /^(Art\d{1,3}(\(\d{1,2}\))?(\([a-z]\))?|Annex[IVX]+)$/,
    example: "EU-AI-Act:Art53(1)(c)",
  },
} as const satisfies Record<string, Framework>;

export type FrameworkPrefix = keyof typeof FRAMEWORKS;
export const FRAMEWORK_PREFIXES = Object.keys(FRAMEWORKS) as FrameworkPrefix[];

/**
 * An organisation-defined reference: `ORG:` and the organisation's own label, e.g.
 * `ORG:ISO-27001:A.5.19` or `ORG:Supplier-Policy-4.2`, for frameworks Assay does not know
 * (docs/decisions/230-organisation-defined-references.md). Nothing checks the label beyond
 * its shape; an importer turns a reference with an unknown framework into one and lists it for
 * the team to confirm.
 */
export const ORGANISATION_PREFIX = "ORG";
export const ORGANISATION_LABEL_MAX = 120;
const ORGANISATION_REFERENCE = new RegExp(
  `^${ORGANISATION_PREFIX}:[A-Za-z0-9][^\\s;,]{0,${ORGANISATION_LABEL_MAX - 1}}$`,
);

/**
 * Shape only (`PREFIX:ID` with a known prefix, or `ORG:label`), so the JSON Schema can carry
 * it as a pattern.
 */
export const REFERENCE_PATTERN = new RegExp(
  `^((${FRAMEWORK_PREFIXES.map((prefix) => prefix.replace(/-/g, "\\-")).join("|")}):\\S+|${ORGANISATION_PREFIX}:[A-Za-z0-9][^\\s;,]{0,${ORGANISATION_LABEL_MAX - 1}})$`,
);

export function isOrganisationReference(reference: string): boolean {
  return ORGANISATION_REFERENCE.test(reference);
}

/**
 * The organisation-defined form of a reference to a framework Assay does not know:
 * `ISO 27001:A.5.19` → `ORG:ISO-27001:A.5.19`. Undefined when nothing usable is left.
 */
export function asOrganisationReference(reference: string): string | undefined {
  const label = reference
    .trim()
    .replace(/[\s;,]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, ORGANISATION_LABEL_MAX);
  const candidate = `${ORGANISATION_PREFIX}:${label}`;
  return label !== "" && ORGANISATION_REFERENCE.test(candidate) ? candidate : undefined;
}

export type ParsedReference = { prefix: FrameworkPrefix; id: string; framework: Framework };

export function parseReference(reference: string): ParsedReference | undefined {
  const colon = reference.indexOf(":");
  if (colon < 0) return undefined;
  const prefix = reference.slice(0, colon);
  if (!isFrameworkPrefix(prefix)) return undefined;
  return { prefix, id: reference.slice(colon + 1), framework: FRAMEWORKS[prefix] };
}

function isFrameworkPrefix(value: string): value is FrameworkPrefix {
  return Object.hasOwn(FRAMEWORKS, value);
}

/** Why a reference is not acceptable, in words an author can act on; undefined when it is fine. */
export function referenceProblem(reference: string): string | undefined {
  const colon = reference.indexOf(":");
  if (colon < 0) {
    return `"${reference}" is not a reference: write FRAMEWORK:ID, e.g. NIST-AI-RMF:GOVERN-6.1`;
  }
  const prefix = reference.slice(0, colon);
  if (prefix === ORGANISATION_PREFIX) {
    return isOrganisationReference(reference)
      ? undefined
      : `"${reference}" is not an organisation reference: write ORG: and a label of letters, digits and punctuation without spaces (at most ${ORGANISATION_LABEL_MAX} characters), e.g. ORG:ISO-27001:A.5.19`;
  }
  if (!isFrameworkPrefix(prefix)) {
    return `unknown framework "${prefix}"; use one of ${FRAMEWORK_PREFIXES.join(", ")}, or write ORG:${reference.replace(/\s+/g, "-")} for an organisation-defined reference`;
  }
  const framework: Framework = FRAMEWORKS[prefix];
  const id = reference.slice(colon + 1);
  if (!framework.idPattern.test(id)) {
    return `"${id}" is not an ID in ${framework.name} (${framework.edition}); write it like ${framework.example}`;
  }
  return undefined;
}
