// A question as the vendor will see it, read-only, with the staff-only scoring beside it.
// The vendor's answering form (docs/decisions/050-answering-page.md) renders the same controls,
// enabled.
import { ScrollRegion } from "~/components/scroll-region";
import { type Question, type Section } from "~/questionnaire/definition";
import { SEVERITY_LABELS } from "~/questionnaire/labels";
import { formatCredit } from "~/format";

function Hint({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <p className="hint" id={id}>
      {children}
    </p>
  );
}

function Control({ question, id }: { question: Question; id: string }) {
  const describedBy = question.help ? `${id}-hint` : undefined;
  switch (question.type) {
    case "yes_no":
    case "single_choice":
    case "multiple_choice": {
      const type = question.type === "multiple_choice" ? "checkbox" : "radio";
      return (
        <div className="radios">
          {question.options.map((option) => (
            <label key={option.value}>
              <input type={type} name={id} value={option.value} disabled />
              <span>
                {option.label}
                {"help" in option && option.help ? (
                  <span className="hint"> — {option.help}</span>
                ) : null}
              </span>
            </label>
          ))}
        </div>
      );
    }
    case "maturity":
      return (
        <div className="radios">
          {question.levels.map((level) => (
            <label key={level.level}>
              <input type="radio" name={id} value={level.level} disabled />
              <span>
                Level {level.level}: {level.description}
              </span>
            </label>
          ))}
        </div>
      );
    case "number":
      return (
        <span className="actions">
          <input
            id={id}
            type="number"
            disabled
            aria-describedby={describedBy}
            className="input--short"
          />
          {question.unit ? <span>{question.unit}</span> : null}
        </span>
      );
    case "date":
      return (
        <input
          id={id}
          type="date"
          disabled
          aria-describedby={describedBy}
          className="input--short"
        />
      );
    case "long_text":
      return <textarea id={id} rows={4} disabled aria-describedby={describedBy} />;
    case "url":
      return <input id={id} type="url" disabled aria-describedby={describedBy} />;
    case "evidence":
      return <input id={id} type="file" disabled aria-describedby={describedBy} />;
    default:
      return <input id={id} type="text" disabled aria-describedby={describedBy} />;
  }
}

const GROUPED = new Set(["yes_no", "single_choice", "multiple_choice", "maturity"]);

export function QuestionPreview({
  question,
  section,
  visibility,
}: {
  question: Question;
  section: Section;
  visibility: string;
}) {
  const id = `q-${question.id}`;
  const label = (
    <>
      {question.text}
      {question.required ? "" : " (optional)"}
    </>
  );
  const body = (
    <>
      {question.help ? <Hint id={`${id}-hint`}>{question.help}</Hint> : null}
      <Control question={question} id={id} />
      {question.allowNA ? (
        <p className="hint">“Not applicable” is allowed here, with a justification.</p>
      ) : null}
      {"evidence" in question && question.evidence !== "none" ? (
        <p className="hint">
          Evidence {question.evidence === "required" ? "is required" : "is requested"}.
        </p>
      ) : null}
    </>
  );
  return (
    <div className="question panel" id={`question-${question.id}`}>
      {GROUPED.has(question.type) ? (
        <fieldset aria-describedby={question.help ? `${id}-hint` : undefined}>
          <legend>{label}</legend>
          {body}
        </fieldset>
      ) : (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {body}
        </div>
      )}
      <p className="condition">{visibility}</p>
      <details className="staff-only">
        <summary>
          Scoring (staff only) — weight {question.weight}
          {question.weight === 0 ? ", not scored" : ""}
        </summary>
        <ScoringDetail question={question} section={section} />
      </details>
    </div>
  );
}

function ScoringDetail({ question, section }: { question: Question; section: Section }) {
  const rows =
    question.type === "yes_no" ||
    question.type === "single_choice" ||
    question.type === "multiple_choice"
      ? question.options.map((o) => ({
          key: o.value,
          label: o.label,
          credit: o.credit,
          knockout: o.knockout,
          finding: o.finding,
        }))
      : question.type === "maturity"
        ? question.levels.map((l) => ({
            key: String(l.level),
            label: `Level ${l.level}`,
            credit: l.credit,
            knockout: l.knockout,
            finding: l.finding,
          }))
        : question.type === "number" || question.type === "date"
          ? question.bands.map((b, i) => ({
              key: String(i),
              label: bandLabel(
                b.min,
                b.max,
                question.type === "date" ? "days old" : (question.unit ?? ""),
              ),
              credit: b.credit,
              knockout: b.knockout,
              finding: b.finding,
            }))
          : [];
  return (
    <div>
      <p>
        Question weight {question.weight} × section weight {section.weight}.
        {"scoredOnPresence" in question && question.scoredOnPresence
          ? " Any answer earns full credit."
          : ""}
        {question.type === "multiple_choice"
          ? " Credits of the chosen options add up, at most 1."
          : ""}
        {question.type === "number" || question.type === "date"
          ? " The first matching band applies; no match earns 0."
          : ""}
      </p>
      {rows.length > 0 ? (
        <ScrollRegion label={`Scoring rules of question ${question.id}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col" className="num">
                  Credit
                </th>
                <th scope="col">Knockout</th>
                <th scope="col">Finding</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  <td className="num">{formatCredit(row.credit)}</td>
                  <td>{row.knockout ? "Yes" : "No"}</td>
                  <td>
                    {row.finding
                      ? `${SEVERITY_LABELS[row.finding.severity]}: ${row.finding.title}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {question.references.length > 0 ? (
        <p className="hint">References: {question.references.join(", ")}</p>
      ) : null}
    </div>
  );
}

function bandLabel(min: number | undefined, max: number | undefined, unit: string): string {
  const suffix = unit ? ` ${unit}` : "";
  if (min !== undefined && max !== undefined) return `${min} to ${max}${suffix}`;
  if (min !== undefined) return `${min}${suffix} or more`;
  if (max !== undefined) return `up to ${max}${suffix}`;
  return "any value";
}
