import { expect, test } from "vitest";
import {
  buildQuestionnaire,
  edited,
  maturity,
  multipleChoice,
  numberQuestion,
  questionnaireInput,
  singleChoice,
  textQuestion,
  yesNo,
} from "~/questionnaire/test-factory";
import { planCarryOver, type PreviousAnswer } from "./carry-over";

const base = questionnaireInput([
  [
    yesNo("mfa"),
    singleChoice("hosting", ["own", "shared", "unknown"]),
    multipleChoice("certs", ["iso", "soc2", "none"]),
    numberQuestion("retention", { unit: "days" } as never),
    textQuestion("policy"),
    maturity("logging"),
  ],
]);
const from = buildQuestionnaire(base);

const value = (questionId: string, v: string | number | string[]): PreviousAnswer => ({
  questionId,
  answer: { kind: "value", value: v },
  comment: "",
});
const previous: PreviousAnswer[] = [
  value("mfa", "yes"),
  value("hosting", "shared"),
  value("certs", ["iso", "soc2"]),
  value("retention", 30),
  { ...value("policy", "We rotate keys yearly."), comment: "See the policy PDF." },
  value("logging", 2),
];

test("the same version carries every valid answer over, with its comment", () => {
  const plan = planCarryOver(from, from, previous);
  expect(plan.skipped).toEqual([]);
  expect(plan.carried.map((c) => c.questionId)).toEqual(previous.map((p) => p.questionId));
  expect(plan.carried.find((c) => c.questionId === "policy")?.comment).toBe("See the policy PDF.");
});

test("rewording, new weights and new options keep the meaning: those answers carry over", () => {
  const to = buildQuestionnaire(
    edited(base, (draft) => {
      draft.version = "1.1.0";
      const [mfa, hosting, , , , logging] = draft.sections[0]!.questions as never as Array<
        Record<string, unknown>
      >;
      mfa!.text = "Do all staff accounts use multi-factor authentication?";
      mfa!.weight = 5;
      (hosting!.options as Array<Record<string, unknown>>).push({
        value: "dedicated",
        label: "Dedicated",
        credit: 1,
      });
      logging!.help = "Count audit logs too.";
      draft.sections[0]!.questions.push(yesNo("new-question"));
    }),
  );
  const plan = planCarryOver(from, to, previous);
  expect(plan.skipped).toEqual([]);
  expect(plan.carried).toHaveLength(previous.length);
});

test("a repurposed question (type or unit changed) does not carry over", () => {
  const to = buildQuestionnaire(
    edited(base, (draft) => {
      draft.version = "2.0.0";
      const questions = draft.sections[0]!.questions;
      questions[0] = textQuestion("mfa");
      (questions[3] as unknown as { unit: string }).unit = "hours";
    }),
  );
  const plan = planCarryOver(from, to, previous);
  expect(plan.skipped).toEqual([
    { questionId: "mfa", reason: "meaning changed" },
    { questionId: "retention", reason: "meaning changed" },
  ]);
  expect(plan.carried.map((c) => c.questionId)).toEqual(["hosting", "certs", "policy", "logging"]);
});

test("an answer that chose a removed option is not valid any more and stays behind; others carry", () => {
  const to = buildQuestionnaire(
    edited(base, (draft) => {
      draft.version = "2.0.0";
      const questions = draft.sections[0]!.questions as never as Array<Record<string, unknown>>;
      questions[1]!.options = (questions[1]!.options as Array<{ value: string }>).filter(
        (o) => o.value !== "unknown",
      );
      questions[2]!.options = (questions[2]!.options as Array<{ value: string }>).filter(
        (o) => o.value !== "soc2",
      );
    }),
  );
  const plan = planCarryOver(from, to, previous);
  // hosting chose "shared", which survives; certs chose "soc2", which is gone.
  expect(plan.carried.map((c) => c.questionId)).toContain("hosting");
  expect(plan.skipped).toEqual([{ questionId: "certs", reason: "not valid now" }]);
});

test("a removed question, a tightened limit or N/A no longer allowed stays behind", () => {
  const to = buildQuestionnaire(
    edited(base, (draft) => {
      draft.version = "2.0.0";
      const questions = draft.sections[0]!.questions as never as Array<Record<string, unknown>>;
      questions[3]!.max = 24;
      questions[3]!.bands = [{ credit: 1 }];
      draft.sections[0]!.questions = draft.sections[0]!.questions.filter((q) => q.id !== "policy");
    }),
  );
  const plan = planCarryOver(from, to, [
    ...previous,
    { questionId: "mfa", answer: { kind: "na", justification: "No staff." }, comment: "" },
  ]);
  expect(plan.skipped).toEqual(
    expect.arrayContaining([
      { questionId: "retention", reason: "not valid now" },
      { questionId: "policy", reason: "meaning changed" },
    ]),
  );
  // mfa does not allow N/A: that answer stays behind, the earlier "yes" carries.
  expect(plan.carried.filter((c) => c.questionId === "mfa")).toEqual([
    { questionId: "mfa", answer: { kind: "value", value: "yes" }, comment: "" },
  ]);
});

test("another questionnaire's answers never carry over, even with the same ids", () => {
  const other = buildQuestionnaire({ ...base, slug: "another-questionnaire" });
  const plan = planCarryOver(from, other, previous);
  expect(plan.carried).toEqual([]);
  expect(plan.skipped.every((s) => s.reason === "different questionnaire")).toBe(true);
});
