import fc from "fast-check";
import { expect, test } from "vitest";
import {
  ASSESSMENT_STATUSES,
  canCancel,
  canExtendDueDate,
  canTransition,
  isOpenForAnswers,
  isReviewable,
  isSubmitted,
  RUNNING_STATUSES,
  statusList,
  SUBMITTED_STATUSES,
} from "./status";

test("the happy path is allowed step by step, and no step can be skipped backwards", () => {
  const path = ["draft", "sent", "in_progress", "submitted", "in_review", "closed"] as const;
  for (let i = 0; i < path.length - 1; i++)
    expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
  expect(canTransition("submitted", "in_progress")).toBe(false);
  expect(canTransition("closed", "in_review")).toBe(false);
  expect(canTransition("draft", "submitted")).toBe(false);
});

test("closed and cancelled are final; nothing returns to draft", () => {
  fc.assert(
    fc.property(fc.constantFrom(...ASSESSMENT_STATUSES), (to) => {
      expect(canTransition("closed", to)).toBe(false);
      expect(canTransition("cancelled", to)).toBe(false);
    }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...ASSESSMENT_STATUSES), (from) => {
      expect(canTransition(from, "draft")).toBe(false);
    }),
  );
});

test("vendors can answer only while an assessment is sent or in progress", () => {
  expect(ASSESSMENT_STATUSES.filter(isOpenForAnswers)).toEqual(["sent", "in_progress"]);
});

// The groups written out by hand, not derived from the rules, so a change to one shows here.
test("the status groups hold the statuses the pages and queries mean", () => {
  expect(ASSESSMENT_STATUSES.filter(isSubmitted)).toEqual(["submitted", "in_review", "closed"]);
  expect(ASSESSMENT_STATUSES.filter(isReviewable)).toEqual(["submitted", "in_review"]);
  expect(ASSESSMENT_STATUSES.filter(canExtendDueDate)).toEqual([
    "draft",
    "sent",
    "in_progress",
    "expired",
  ]);
  expect(ASSESSMENT_STATUSES.filter(canCancel)).toEqual(["draft", "sent", "in_progress"]);
  expect(RUNNING_STATUSES).toEqual(["draft", "sent", "in_progress", "submitted", "in_review"]);
  expect(statusList(SUBMITTED_STATUSES)).toBe("('submitted', 'in_review', 'closed')");
});
