// Library rules: what an assessor needs from every questionnaire version published from the
// library-rules epoch on, beyond what the format itself allows (docs/decisions/170-library-rules.md).
// The format lets an author write a question that scores a critical exposure as Low or punishes
// an honest answer; these rules refuse the patterns the library review reproduced. Versions
// published before the epoch are immutable, so they are grandfathered by name *and* content
// hash and listed by `questionnaires:check`. Pure: no I/O.
import { compareVersions } from "./diff";
import { conditionQuestionIds } from "./conditions";
import { isScored, listQuestions } from "./model";
import { type Band, type Question, type Questionnaire } from "./definition";

export type RuledVersion = { file: string; questionnaire: Questionnaire; hash: string };
export type RuleError = { file: string; path: string; rule: LibraryRule; message: string };

export const LIBRARY_RULES = [
  "grandfathered-unchanged",
  "date-never-path",
  "date-future-credit",
  "date-issue-date",
  "optional-weighted",
  "knockout-applicability",
  "coverage-multiple-choice",
  "shortfall-finding",
  "same-id-same-question",
  "knockout-evidence",
] as const;
export type LibraryRule = (typeof LIBRARY_RULES)[number];

/**
 * Published before the library rules existed (decision 170). Each is exempt only while its
 * content hash is the one recorded here — the same hash sync records — so an edited old file
 * cannot hide behind the exemption.
 */
export const GRANDFATHERED: Readonly<Record<string, string>> = {
  "ai-model-vendor@1.0.0": "c8ecb4ddeebb98cf8c54d7c988a2a7997afdd1df2151ab2efae4b270f794f4cb",
  "ai-model-vendor@1.1.0": "a04b1ee777178c794cf7e52bb7b89eda3f4624130565b90b2616eef1b5ea14d7",
  "cloud-ai-infrastructure@1.0.0":
    "44f9fc73deac9d33a670a1d5d9450c095b30e000cdfd315f7995764ea92270dc",
  "training-data-supplier@1.0.0":
    "a81f6fa15536c9f3bf5edc7ea1a00ec3054b41b6840067edb36d9d0e240e67ab",
};

/**
 * Published before rule knockout-evidence (docs/decisions/301-knockout-claims-need-evidence.md)
 * and immutable, so exempt from that rule alone — and only while their content hash is the one
 * recorded here. Their next versions must meet it, as ai-model-vendor 2.3.0 and
 * cloud-ai-infrastructure 2.2.0 do.
 */
export const PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE: Readonly<Record<string, string>> = {
  "ai-agent-platform@1.0.0": "d84dfcba4704d88de713eb3d9608f468e3a4a52f3d33225e02222b727a0e2b11",
  "ai-features-in-saas@1.0.0": "04493953363e705a213c6e5ac5d04889dc312457a7a764aad294d05cbd77c4ea",
  "ai-model-vendor@2.0.0": "87316f6b95c0eafbca9a5cc7f9e0c2c8850b30a5f335748e71cdbee444739079",
  "ai-model-vendor@2.1.0": "9ad67f294d46599bea3d936599a7bff115fa95ee332ffd669cd1deb4ed5e708a",
  "ai-model-vendor@2.2.0": "ba48779d05027395bb487ccccdcda9edb8dc2959b37b56886efedb1e46354047",
  "cloud-ai-infrastructure@2.0.0":
    "43da615eb49eef108bfd96bc365e9919113a0a2e37821e97ac1f4bc64e15ce7f",
  "cloud-ai-infrastructure@2.1.0":
    "645a3c5485e92bb53df30733ace8cb31e325f74fa4689823d6a4b2a11edcff99",
  "dataset-licensor@1.0.0": "92a06488a17fd15e76b998a84da7a0a6c8e41102cedcabbae3c39f87b7820b0a",
  "labelling-workforce@1.0.0": "9adb0c2e11b3a726aa52fd5b37ea3eec7c985acb248e26f8641858ecc64d8c69",
  "labelling-workforce@1.1.0": "d80f98405404bacda050b2b68fc420ea796a6e8759fafcc6cb3bce91e86f4ae1",
  "mlops-model-hosting@1.0.0": "62143cfbe2bb416f5c107d15c646772e609b48460de8b1565eb8740b5d61e749",
};

/**
 * Questions that apply to every supplier a library questionnaire is sent to, so a knockout on
 * them needs no N/A path (an N/A there would only be an escape hatch). Any other question that
 * can knock out must allow N/A or follow up an earlier answer (rule knockout-applicability).
 * Adding an id here is a claim an assessor must be able to defend: say why beside it.
 */
export const APPLIES_TO_EVERY_SUPPLIER: Readonly<Record<string, string>> = {
  "incident-notification-contract":
    "every supplier that holds or processes our data can have an incident",
  "vendor-state-control": "every supplier has owners",
  "customer-data-use": "every model provider receives our prompts",
  "data-location-commitment": "every provider processes our data somewhere",
  "staff-access-to-customer-data":
    "every provider's staff can be given access to systems holding our data",
  "encryption-at-rest-coverage": "every infrastructure provider stores our data",
  "sanitisation-coverage": "every infrastructure provider reuses hardware between customers",
  "isolation-test-recency": "every shared infrastructure has a boundary between customers",
  "region-restriction": "every provider stores or processes our data somewhere",
  "transfer-detection": "every provider moves data across a network it runs",
  "gpu-tenancy": "every GPU provider places our workloads on some tenancy model",
  "fabric-segmentation": "every GPU cluster has a fabric or network between nodes",
  "dataset-provenance": "every dataset has a source",
  "content-rights": "every dataset has a rights position",
  "labelling-workspace": "every labelling workforce works somewhere",
  "label-second-review-percent":
    "every labelling workforce labels for us; licensors answer dataset-licensor, which does not ask it",
  "api-pentest-recency": "every hosted service has an attack surface someone can test",
  "platform-pentest-recency": "every hosted service has an attack surface someone can test",
  "ai-provider-region-commitment": "every AI feature runs its model somewhere",
  "human-approval-actions": "every agent platform lets agents take actions",
};

export function isGrandfathered(version: RuledVersion): boolean {
  const key = `${version.questionnaire.slug}@${version.questionnaire.version}`;
  return GRANDFATHERED[key] === version.hash;
}

/** Exempt from rule knockout-evidence: published before it, and unchanged since (decision 301). */
export function isKnockoutEvidenceExempt(version: RuledVersion): boolean {
  const key = `${version.questionnaire.slug}@${version.questionnaire.version}`;
  return (
    Object.hasOwn(PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE, key) &&
    PUBLISHED_BEFORE_KNOCKOUT_EVIDENCE[key] === version.hash
  );
}

/**
 * Across a library: a version exempt from rule knockout-evidence must be superseded by a newer
 * version of its slug, which meets the rule, so that what is sent by default never rests on an
 * unsupported knockout claim (docs/decisions/355-knockout-evidence-in-every-newest-version.md).
 */
export function checkEvidenceExemptionsSuperseded(versions: readonly RuledVersion[]): RuleError[] {
  const newest = new Map<string, string>();
  for (const { questionnaire } of versions) {
    const seen = newest.get(questionnaire.slug);
    if (!seen || compareVersions(seen, questionnaire.version) < 0)
      newest.set(questionnaire.slug, questionnaire.version);
  }
  return versions
    .filter(
      (version) =>
        isKnockoutEvidenceExempt(version) &&
        newest.get(version.questionnaire.slug) === version.questionnaire.version,
    )
    .map((version) => {
      const key = `${version.questionnaire.slug}@${version.questionnaire.version}`;
      return {
        file: version.file,
        path: "version",
        rule: "knockout-evidence" as const,
        message: `${key} is exempt from rule knockout-evidence only as a published version that a newer one replaces, but it is the newest version of ${version.questionnaire.slug}; publish a new version in which every claim that decides a knockout requires evidence [library rule knockout-evidence]`,
      };
    });
}

/** Errors for one version under every single-version rule; grandfathered versions have none. */
export function checkVersionRules(version: RuledVersion): RuleError[] {
  if (isGrandfathered(version)) return [];
  const errors: RuleError[] = [];
  const add = (path: string, rule: LibraryRule, message: string) =>
    errors.push({ file: version.file, path, rule, message: `${message} [library rule ${rule}]` });

  const key = `${version.questionnaire.slug}@${version.questionnaire.version}`;
  if (Object.hasOwn(GRANDFATHERED, key)) {
    add(
      "version",
      "grandfathered-unchanged",
      `${key} was published before the library rules and is grandfathered only with its recorded content, which has changed; a published version never changes, so restore it and put the change in a new version`,
    );
  }

  const questions = listQuestions(version.questionnaire).map((entry) => entry.question);
  const evidenceExempt = isKnockoutEvidenceExempt(version);

  for (const { question, path } of listQuestions(version.questionnaire)) {
    if (
      !evidenceExempt &&
      hasKnockout(question) &&
      !(
        question.type !== "evidence" &&
        "evidence" in question &&
        question.evidence === "required"
      ) &&
      !claimEvidenceFor(question, questions)
    ) {
      add(
        path,
        "knockout-evidence",
        `"${question.id}" can knock a supplier out, but an answer that claims the control needs no evidence; a claim that decides whether the supplier passes must be backed by a file. Add a required evidence question shown after the answers that claim the control (showIf on "${question.id}"), or set evidence: required`,
      );
    }

    if (question.type === "date") {
      if (question.required && !question.allowNA && !question.showIf) {
        add(
          path,
          "date-never-path",
          `"${question.id}" asks for a date with no way to say "never" or "not applicable": follow up a question that offers "never" (showIf), or set allowNA`,
        );
      }
      question.bands.forEach((band, index) => {
        if (matchesFutureDates(band) && band.credit > 0) {
          add(
            `${path}.bands[${index}]`,
            "date-future-credit",
            `"${question.id}" band ${index + 1} gives credit to dates in the future (no min, or min below 0); a future date proves nothing, so bands that reach it earn 0 and open a finding`,
          );
        }
      });
      if (/\bissu(e|ed|ing)\b/i.test(question.text)) {
        add(
          `${path}.text`,
          "date-issue-date",
          `"${question.id}" asks when something was issued; judge a certificate by its validity — ask whether it is valid today and when its last audit ended — because a valid certificate can be years old`,
        );
      }
    }

    if (!question.required && question.weight > 0) {
      add(
        `${path}.weight`,
        "optional-weighted",
        `"${question.id}" is shown as optional but has weight ${question.weight}, so skipping it costs points; make it required or give it weight 0`,
      );
    }

    if (
      hasKnockout(question) &&
      !question.allowNA &&
      !question.showIf &&
      !Object.hasOwn(APPLIES_TO_EVERY_SUPPLIER, question.id)
    ) {
      add(
        path,
        "knockout-applicability",
        `"${question.id}" can knock a supplier out but offers no N/A and follows up no earlier answer; a supplier it does not apply to would be knocked out falsely. Set allowNA, add a showIf, or list the id in APPLIES_TO_EVERY_SUPPLIER with the reason it applies to every supplier`,
      );
    }

    if (!isScored(question)) continue;

    if (question.type === "multiple_choice") {
      const partial = question.options.filter(
        (option) => !option.exclusive && (option.credit ?? 0) < 1,
      );
      if (partial.length > 0) {
        add(
          `${path}.options`,
          "coverage-multiple-choice",
          `"${question.id}" is a coverage question (options ${partial.map((option) => `"${option.value}"`).join(", ")} earn part credit), but a multiple choice opens findings only for what is chosen, so an important item left out raises nothing; ask one yes/no per item, or a single choice whose every shortfall opens a finding. A multiple choice may stay when any one option is enough (each earns 1)`,
        );
      }
    }

    for (const [where, outcome] of outcomesOf(question, path)) {
      if ((outcome.credit ?? 0) <= 0.5 && !outcome.finding) {
        add(
          where,
          "shortfall-finding",
          `"${question.id}": an answer that earns ${outcome.credit ?? 0} (half the credit or less) must open a finding saying what is missing, or the shortfall passes silently`,
        );
      }
    }
  }
  return errors;
}

/**
 * Across the latest version of each slug (that is under the rules): a question id used in
 * more than one questionnaire must ask the same thing and score it the same way — type,
 * text, unit and limits, N/A, and each option's, level's or band's credit, knockout and
 * finding severity. Weights, help, references and finding wording may differ.
 */
export function checkSharedIds(versions: readonly RuledVersion[]): RuleError[] {
  const latest = new Map<string, RuledVersion>();
  for (const version of versions) {
    if (isGrandfathered(version)) continue;
    const seen = latest.get(version.questionnaire.slug);
    if (!seen || compareVersions(seen.questionnaire.version, version.questionnaire.version) < 0)
      latest.set(version.questionnaire.slug, version);
  }
  const first = new Map<string, { version: RuledVersion; fingerprint: string }>();
  const errors: RuleError[] = [];
  for (const version of [...latest.values()].sort((a, b) =>
    a.questionnaire.slug.localeCompare(b.questionnaire.slug),
  )) {
    for (const { question, path } of listQuestions(version.questionnaire)) {
      const fingerprint = JSON.stringify(meaningOf(question));
      const earlier = first.get(question.id);
      if (!earlier) {
        first.set(question.id, { version, fingerprint });
        continue;
      }
      if (earlier.fingerprint === fingerprint) continue;
      const other = `${earlier.version.questionnaire.slug} ${earlier.version.questionnaire.version}`;
      errors.push({
        file: version.file,
        path,
        rule: "same-id-same-question",
        message: `"${question.id}" is also a question in ${other} but differs in ${differences(meaningOf(question), JSON.parse(earlier.fingerprint) as Meaning).join(", ")}; the same id must ask and score the same thing everywhere (weights may differ), so align them or give this question its own id [library rule same-id-same-question]`,
      });
    }
  }
  return errors;
}

type Outcome = { credit?: number; knockout: boolean; finding?: { severity: string } };

function outcomesOf(question: Question, path: string): Array<[string, Outcome]> {
  if (question.type === "multiple_choice")
    return question.options.flatMap((option, index): Array<[string, Outcome]> =>
      option.exclusive ? [[`${path}.options[${index}]`, option]] : [],
    );
  if ("options" in question)
    return question.options.map((option, index) => [`${path}.options[${index}]`, option]);
  if ("levels" in question)
    return question.levels.map((level, index) => [`${path}.levels[${index}]`, level]);
  if ("bands" in question)
    return question.bands.map((band, index) => [`${path}.bands[${index}]`, band]);
  return [];
}

/**
 * The required evidence question that backs a knockout question's claims: one whose showIf
 * reads the question itself, or the same earlier answer that gates it (a follow-up's claim,
 * such as "no overdue critical findings", rests on the test report the gate asks for).
 */
export function claimEvidenceFor(
  question: Question,
  questions: readonly Question[],
): Question | undefined {
  const gates = question.showIf ? conditionQuestionIds(question.showIf) : [];
  return questions.find(
    (candidate) =>
      candidate.type === "evidence" &&
      candidate.required &&
      candidate.showIf !== undefined &&
      conditionQuestionIds(candidate.showIf).some((id) => id === question.id || gates.includes(id)),
  );
}

export function hasKnockout(question: Question): boolean {
  const outcomes: Outcome[] =
    "options" in question
      ? question.options
      : "levels" in question
        ? question.levels
        : "bands" in question
          ? question.bands
          : [];
  return outcomes.some((outcome) => outcome.knockout);
}

function matchesFutureDates(band: Band): boolean {
  return band.min === undefined || band.min < 0;
}

type Meaning = Record<string, unknown>;

function meaningOf(question: Question): Meaning {
  const outcome = (item: Outcome) => ({
    credit: item.credit ?? 0,
    knockout: item.knockout,
    severity: item.finding?.severity ?? null,
  });
  return {
    type: question.type,
    text: question.text,
    allowNA: question.allowNA,
    unit: "unit" in question ? question.unit : null,
    limits:
      "unit" in question ? [question.min ?? null, question.max ?? null, question.integer] : null,
    options:
      "options" in question
        ? question.options.map((option) => ({ value: option.value, ...outcome(option) }))
        : null,
    levels: "levels" in question ? question.levels.map(outcome) : null,
    bands:
      "bands" in question
        ? question.bands.map((band) => ({
            min: band.min ?? null,
            max: band.max ?? null,
            ...outcome(band),
          }))
        : null,
  };
}

function differences(a: Meaning, b: Meaning): string[] {
  const names = Object.keys(a).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
  return names.map((name) => (name === "text" ? "wording" : name));
}
