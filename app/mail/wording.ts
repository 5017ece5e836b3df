// Words shared by the mails and pages vendors read.

/**
 * "the “<title>” assessment", without doubling the noun: most questionnaire titles already end
 * in "assessment" (“AI model and API vendor security assessment”), and "the “… assessment”
 * assessment" reads as a mistake to the vendor.
 */
export function theAssessment(title: string, noun = "assessment"): string {
  return /\bassessment$/i.test(title.trim()) ? `the “${title}”` : `the “${title}” ${noun}`;
}
