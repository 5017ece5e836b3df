// Try answers against a draft before publishing it: the real scoring engine (pure, so it runs in
// the browser) gives the score, the tier, the findings and each question's explanation, updated
// as answers change (docs/decisions/221-questionnaire-builder.md).
import { useMemo, useState } from "react";
import { type Questionnaire } from "~/questionnaire/definition";
import { type Answer, listQuestions } from "~/questionnaire/model";
import { score } from "~/scoring/engine";
import { formatScore } from "~/format";

export function ScoringSandbox({ questionnaire }: { questionnaire: Questionnaire }) {
  const [answers, setAnswers] = useState<Record<string, Answer | undefined>>({});
  const entries = useMemo(() => listQuestions(questionnaire), [questionnaire]);
  const result = useMemo(
    () => score(questionnaire, answers, null, { asOf: new Date().toISOString().slice(0, 10) }),
    [questionnaire, answers],
  );
  const set = (id: string, value: string | number | string[] | null) =>
    setAnswers((current) => ({
      ...current,
      [id]: value === null || value === "" ? undefined : { kind: "value", value },
    }));
  return (
    <section className="panel" aria-labelledby="sandbox-title">
      <h2 id="sandbox-title">Scoring sandbox</h2>
      <p className="hint">
        Answers here are not saved anywhere. Unanswered questions earn 0, as in a real assessment.
      </p>
      <p role="status" aria-live="polite">
        Score {formatScore(result.overall)} · residual tier {result.residualTier ?? "none"} ·{" "}
        {result.findings.length === 1 ? "1 finding" : `${result.findings.length} findings`}
      </p>
      <ol>
        {entries.map(({ question }) => {
          const id = `sandbox-${question.id}`;
          const current = answers[question.id];
          const value = current?.kind === "value" ? current.value : undefined;
          const explanation = result.questions.find((q) => q.questionId === question.id);
          return (
            <li key={question.id}>
              {question.type === "multiple_choice" ? (
                <fieldset>
                  <legend>{question.text}</legend>
                  {question.options.map((o) => {
                    const chosen = Array.isArray(value) ? (value as string[]) : [];
                    return (
                      <div className="checkbox" key={o.value}>
                        <input
                          type="checkbox"
                          id={`${id}-${o.value}`}
                          checked={chosen.includes(o.value)}
                          onChange={(event) =>
                            set(
                              question.id,
                              event.target.checked
                                ? [...chosen, o.value]
                                : chosen.filter((v) => v !== o.value),
                            )
                          }
                        />
                        <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
                      </div>
                    );
                  })}
                </fieldset>
              ) : (
                <>
                  <label htmlFor={id}>{question.text}</label>
                  {question.type === "yes_no" ||
                  question.type === "single_choice" ||
                  question.type === "maturity" ? (
                    <select
                      id={id}
                      value={value === undefined ? "" : String(value)}
                      onChange={(event) =>
                        set(
                          question.id,
                          question.type === "maturity" && event.target.value !== ""
                            ? Number(event.target.value)
                            : event.target.value,
                        )
                      }
                    >
                      <option value="">Not answered</option>
                      {question.type === "maturity"
                        ? question.levels.map((l) => (
                            <option key={l.level} value={l.level}>
                              Level {l.level}: {l.description}
                            </option>
                          ))
                        : question.options.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                    </select>
                  ) : (
                    <input
                      id={id}
                      type={
                        question.type === "number"
                          ? "number"
                          : question.type === "date"
                            ? "date"
                            : "text"
                      }
                      onChange={(event) =>
                        set(
                          question.id,
                          question.type === "number" && event.target.value !== ""
                            ? Number(event.target.value)
                            : event.target.value,
                        )
                      }
                    />
                  )}
                </>
              )}
              {explanation ? (
                <p className="hint">
                  {explanation.rule}
                  {explanation.pointsPossible > 0
                    ? ` · ${explanation.pointsEarned.toFixed(2)} of ${explanation.pointsPossible} points · costs ${explanation.overallLost.toFixed(1)} overall`
                    : ""}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {result.findings.length > 0 ? (
        <>
          <h3>Findings these answers open</h3>
          <ul>
            {result.findings.map((f) => (
              <li key={f.key}>
                {f.severity}: {f.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
