// A version's questions as the vendor's browser may receive them, served once per version as a
// content-hashed, long-cached asset (docs/decisions/320): versions never change once stored
// (docs/decisions/013), so the answering page's documents carry only one part of a section's
// definitions and the browser keeps the rest.
import { createHash } from "node:crypto";
import { type Questionnaire } from "~/questionnaire/definition";
import { withoutScoring } from "~/questionnaire/vendor-copy";

export type VendorDefinitions = { hash: string; url: string; body: string };

// Keyed by the parsed version, which getPinnedQuestionnaire keeps per version id.
const cache = new WeakMap<Questionnaire, VendorDefinitions>();

/** The vendor copy of a version (no weights, credits, knockouts or findings: decision 032). */
export function vendorCopy(questionnaire: Questionnaire): Questionnaire {
  return {
    ...questionnaire,
    sections: questionnaire.sections.map((s) => ({
      ...s,
      questions: s.questions.map(withoutScoring),
    })),
  };
}

/** The version's vendor copy as JSON, its content hash and the URL it is served at. */
export function vendorDefinitions(questionnaire: Questionnaire): VendorDefinitions {
  const known = cache.get(questionnaire);
  if (known) return known;
  const body = JSON.stringify(vendorCopy(questionnaire));
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 22);
  const made = { hash, url: `/v/definitions/${hash}`, body };
  cache.set(questionnaire, made);
  return made;
}
