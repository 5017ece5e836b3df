// The credit an acceptable, non-empty answer earns, per question type ("Scoring — the
// contract", Credit), with the rule that applied in words and the options, levels or bands
// that can open findings or knock out.
import { formatCredit } from "~/format";
import { type AnswerValue } from "~/questionnaire/model";
import { type Band, type Finding } from "~/questionnaire/definition";
import { parseCalendarDate } from "./dates";
import { type PreparedQuestion } from "./prepare";
import { SCORE_TOLERANCE } from "./risk";

export type FindingSource =
  | { kind: "option"; value: string; label: string }
  | { kind: "level"; level: number; description: string }
  | { kind: "band"; index: number; min?: number; max?: number };

/** A chosen option, level or band that carries a finding or a knockout. */
export type Outcome = { source: FindingSource; knockout: boolean; finding?: Finding };

export type Credit = { credit: number; rule: string; outcomes: Outcome[] };

/**
 * `value` must already be acceptable to the question (getAnswerProblem) and not empty.
 * `asOfDay` is the scoring date as a day number (dates.ts).
 */
export function getCredit(
  entry: PreparedQuestion,
  value: AnswerValue,
  asOf: string,
  asOfDay: number,
): Credit {
  const { question } = entry;
  switch (question.type) {
    case "yes_no":
    case "single_choice": {
      const found = entry.options.get(value as string);
      if (!found) return noCredit(`${JSON.stringify(value)} is not an option`);
      const { option } = found;
      const credit = option.credit ?? 0;
      return {
        credit,
        rule: `“${option.label}” earns ${formatCredit(credit)}.`,
        outcomes: outcomeOf({ kind: "option", value: option.value, label: option.label }, option),
      };
    }
    case "multiple_choice": {
      // Summed in option order, not answer order, so the same choices always give the same
      // floating-point sum and the same findings order.
      const chosen = (value as readonly string[])
        .map((chosenValue) => entry.options.get(chosenValue))
        .filter((found) => found !== undefined)
        .sort((a, b) => a.index - b.index);
      let sum = 0;
      const outcomes: Outcome[] = [];
      for (const { option } of chosen) {
        sum += option.credit ?? 0;
        outcomes.push(
          ...outcomeOf({ kind: "option", value: option.value, label: option.label }, option),
        );
      }
      // 0.7 + 0.2 + 0.1 is 0.9999999999999999 in binary: that is full credit, not less.
      const credit = sum >= 1 - SCORE_TOLERANCE ? 1 : Math.max(0, sum);
      const parts = chosen.map(
        ({ option }) => `“${option.label}” (${formatCredit(option.credit ?? 0)})`,
      );
      const total =
        chosen.length === 1
          ? `earns ${formatCredit(credit)}`
          : `sum to ${formatCredit(sum)}${sum > 1 + SCORE_TOLERANCE ? ", capped at 1" : ""}`;
      return { credit, rule: `Chosen ${parts.join(" + ")} ${total}.`, outcomes };
    }
    case "maturity": {
      const level = question.levels.find((candidate) => candidate.level === value);
      if (!level) return noCredit(`level ${JSON.stringify(value)} does not exist`);
      return {
        credit: level.credit,
        rule: `Level ${level.level} (“${level.description}”) earns ${formatCredit(level.credit)}.`,
        outcomes: outcomeOf(
          { kind: "level", level: level.level, description: level.description },
          level,
        ),
      };
    }
    case "number": {
      const number = value as number;
      return bandCredit(question.bands, number, `${number} ${question.unit}`, question.unit);
    }
    case "date": {
      const day = parseCalendarDate(value as string);
      if (day === null) return noCredit(`${JSON.stringify(value)} is not a date`);
      const age = asOfDay - day;
      const described =
        age >= 0
          ? `${value as string} is ${age} day${age === 1 ? "" : "s"} old on ${asOf}`
          : `${value as string} is ${-age} day${age === -1 ? "" : "s"} after ${asOf} (age ${age})`;
      return bandCredit(question.bands, age, described, "days");
    }
    default:
      return { credit: 1, rule: "Answered, and scored on presence: earns 1.", outcomes: [] };
  }
}

// First matching band wins; both bounds inclusive; no match earns 0.
function bandCredit(
  bands: readonly Band[],
  value: number,
  described: string,
  unit: string,
): Credit {
  for (let index = 0; index < bands.length; index++) {
    const band = bands[index]!;
    if (
      (band.min === undefined || value >= band.min) &&
      (band.max === undefined || value <= band.max)
    ) {
      const source: FindingSource = {
        kind: "band",
        index,
        ...(band.min === undefined ? {} : { min: band.min }),
        ...(band.max === undefined ? {} : { max: band.max }),
      };
      return {
        credit: band.credit,
        rule: `${described}: band ${index + 1} (${describeBand(band, unit)}) earns ${formatCredit(band.credit)}.`,
        outcomes: outcomeOf(source, band),
      };
    }
  }
  return { credit: 0, rule: `${described}: no band matches, so it earns 0.`, outcomes: [] };
}

function outcomeOf(
  source: FindingSource,
  carrier: { knockout: boolean; finding?: Finding },
): Outcome[] {
  if (!carrier.knockout && !carrier.finding) return [];
  const outcome: Outcome = { source, knockout: carrier.knockout };
  if (carrier.finding) outcome.finding = carrier.finding;
  return [outcome];
}

// Unreachable for answers that passed getAnswerProblem; kept so a bad call earns nothing
// rather than crashing a rescoring run.
function noCredit(reason: string): Credit {
  return { credit: 0, rule: `${reason}, so it earns 0.`, outcomes: [] };
}

export function describeBand(band: Pick<Band, "min" | "max">, unit: string): string {
  const { min, max } = band;
  if (min === undefined && max === undefined) return "any value";
  if (min === undefined) return `at most ${max} ${unit}`;
  if (max === undefined) return `at least ${min} ${unit}`;
  return min === max ? `exactly ${min} ${unit}` : `${min}–${max} ${unit}`;
}
