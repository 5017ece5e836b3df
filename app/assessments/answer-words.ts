// A stored answer in words, country names and supplier lists included: for the check-answers
// page, staff views, exports and the API. The answering page's browser code uses
// describeAnswerWith from answer-form.ts instead, so that the country list loads only where a
// question needs it (docs/decisions/360-supply-chain-controls-on-demand.md).
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { getCountry } from "~/supply-chain/countries";
import { describeSuppliers } from "~/supply-chain/labels";
import { describeAnswerWith, type SupplyChainWords } from "./answer-form";

export const SUPPLY_CHAIN_WORDS: SupplyChainWords = {
  country: (code) => getCountry(code)?.name ?? code,
  suppliers: describeSuppliers,
};

/** A stored answer in words, for the check-answers page and staff views. */
export function describeAnswer(question: Question, answer: Answer | null | undefined): string {
  return describeAnswerWith(SUPPLY_CHAIN_WORDS, question, answer);
}
