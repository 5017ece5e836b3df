import { expect, test } from "vitest";
import { theAssessment } from "./wording";

test("a title that already names an assessment is not followed by the noun again", () => {
  expect(theAssessment("AI model and API vendor security assessment")).toBe(
    "the “AI model and API vendor security assessment”",
  );
  expect(theAssessment("Dataset licensor Assessment ", "security assessment")).toBe(
    "the “Dataset licensor Assessment ”",
  );
  expect(theAssessment("AI features in a SaaS product we already use", "security assessment")).toBe(
    "the “AI features in a SaaS product we already use” security assessment",
  );
  expect(theAssessment("Reassessment")).toBe("the “Reassessment” assessment");
});
