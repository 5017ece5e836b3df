// One question at a time: a react-hook-form form over that question only, with the format's
// zod schema as its resolver, so a 300-question draft never validates every field per keystroke.
// Changes flow up (debounced by the builder); problems shown come from the whole-document check,
// in the validator's own words (docs/decisions/221-questionnaire-builder.md).
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import {
  type Control,
  Controller,
  type Resolver,
  useFieldArray,
  useForm,
  type UseFormRegister,
  useWatch,
} from "react-hook-form";
import { EVIDENCE_REQUIREMENTS, QuestionSchema, SEVERITIES } from "~/questionnaire/definition";
import { QUESTION_TYPE_LABELS } from "~/questionnaire/model";
import { type DraftQuestion, extraFields, fieldId, hasField, questionTypes } from "./builder-model";
import { ConditionEditor } from "./condition-editor";

type Props = {
  question: DraftQuestion;
  path: string;
  problems: Map<string, string[]>;
  /** Questions before this one that a condition may test. */
  earlier: DraftQuestion[];
  explain: (condition: unknown) => string;
  onChange: (question: DraftQuestion) => void;
  onTypeChange: (type: string) => void;
};

const optionalText = (value: unknown) => (value === "" ? undefined : value);
const optionalNumber = (value: unknown) =>
  value === "" || value === null || value === undefined ? undefined : Number(value);

export function QuestionEditor({
  question,
  path,
  problems,
  earlier,
  explain,
  onChange,
  onTypeChange,
}: Props) {
  const form = useForm<DraftQuestion>({
    // A question is required unless it says otherwise (the format's default); the checkbox
    // must start ticked for a question that does not say.
    defaultValues: { required: true, ...question },
    resolver: zodResolver(QuestionSchema) as unknown as Resolver<DraftQuestion>,
    mode: "onBlur",
  });
  const { register, control, watch } = form;
  useEffect(() => {
    const subscription = watch((values) => onChange(values as DraftQuestion));
    return () => subscription.unsubscribe();
  }, [watch, onChange]);
  const type = String(question.type ?? "");
  const at = (field: string) => (field ? `${path}.${field}` : path);
  const p = (field: string) => (
    <FieldProblems messages={problems.get(at(field))} id={fieldId(at(field))} />
  );
  const describedBy = (field: string) =>
    problems.get(at(field))?.length ? `${fieldId(at(field))}-problems` : undefined;
  const input = (field: string) => ({
    id: fieldId(at(field)),
    "aria-invalid": problems.get(at(field))?.length ? true : undefined,
    "aria-describedby": describedBy(field),
  });
  return (
    <form className="builder-editor" onSubmit={(event) => event.preventDefault()} noValidate>
      <h2 id="editor-title" tabIndex={-1}>
        Question {String(question.id ?? "")}
      </h2>
      {p("")}
      <div className="field">
        <label htmlFor={fieldId(at("type"))}>Type</label>
        <select
          id={fieldId(at("type"))}
          value={type}
          onChange={(event) => onTypeChange(event.target.value)}
        >
          {questionTypes().map((t) => (
            <option key={t} value={t}>
              {QUESTION_TYPE_LABELS[t as keyof typeof QUESTION_TYPE_LABELS] ?? t.replace(/_/g, " ")}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fieldId(at("text"))}>Question text</label>
        {p("text")}
        <textarea rows={2} {...input("text")} {...register("text")} />
      </div>
      <div className="field">
        <label htmlFor={fieldId(at("id"))}>Id</label>
        <p className="hint">Stable across versions: answers are stored against it.</p>
        {p("id")}
        <input {...input("id")} {...register("id")} />
      </div>
      <div className="field">
        <label htmlFor={fieldId(at("help"))}>Help (optional)</label>
        {p("help")}
        <textarea rows={2} {...input("help")} {...register("help", { setValueAs: optionalText })} />
      </div>
      {hasField(type, "weight") ? (
        <div className="field">
          <label htmlFor={fieldId(at("weight"))}>Weight</label>
          <p className="hint">0 = informational (unscored), 1–5 = importance</p>
          {p("weight")}
          <input
            type="number"
            min={0}
            max={5}
            {...input("weight")}
            {...register("weight", { setValueAs: optionalNumber })}
          />
        </div>
      ) : null}
      <fieldset>
        <legend>Answering</legend>
        <Check label="An answer is required" field="required" at={at} register={register} def />
        <Check
          label="The vendor may answer N/A (with a justification)"
          field="allowNA"
          at={at}
          register={register}
        />
        {hasField(type, "scoredOnPresence") ? (
          <Check
            label="Any answer earns full credit"
            field="scoredOnPresence"
            at={at}
            register={register}
          />
        ) : null}
        {hasField(type, "evidence") ? (
          <div className="field">
            <label htmlFor={fieldId(at("evidence"))}>Supporting file</label>
            {p("evidence")}
            <select {...input("evidence")} {...register("evidence")}>
              {EVIDENCE_REQUIREMENTS.map((e) => (
                <option key={e} value={e}>
                  {e === "none" ? "Not asked for" : e === "requested" ? "Requested" : "Required"}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </fieldset>
      {hasField(type, "unit") ? (
        <div className="field">
          <label htmlFor={fieldId(at("unit"))}>Unit</label>
          {p("unit")}
          <input {...input("unit")} {...register("unit")} />
        </div>
      ) : null}
      {hasField(type, "options") ? (
        <OptionsEditor
          control={control}
          register={register}
          path={path}
          problems={problems}
          type={type}
        />
      ) : null}
      {hasField(type, "levels") ? (
        <LevelsEditor control={control} register={register} path={path} problems={problems} />
      ) : null}
      {hasField(type, "bands") ? (
        <BandsEditor control={control} register={register} path={path} problems={problems} />
      ) : null}
      {extraFields(type).map((field) => (
        <ExtraField
          key={field.name}
          field={field}
          control={control}
          register={register}
          at={at}
          problems={problems}
        />
      ))}
      <div className="field">
        <label htmlFor={fieldId(at("references"))}>References (optional)</label>
        <p className="hint">Framework ids separated by commas, e.g. NIST-AI-RMF:GOVERN-6.1</p>
        {p("references")}
        <Controller
          control={control}
          name="references"
          render={({ field }) => (
            <input
              {...input("references")}
              defaultValue={Array.isArray(field.value) ? field.value.join(", ") : ""}
              onBlur={(event) =>
                field.onChange(
                  event.target.value
                    .split(",")
                    .map((r) => r.trim())
                    .filter(Boolean),
                )
              }
            />
          )}
        />
      </div>
      <Controller
        control={control}
        name="showIf"
        render={({ field }) => (
          <ConditionEditor
            id={fieldId(at("showIf"))}
            value={field.value}
            onChange={field.onChange}
            questions={earlier}
            explain={explain}
            problems={problems.get(at("showIf"))}
          />
        )}
      />
    </form>
  );
}

function FieldProblems({ messages, id }: { messages?: string[]; id: string }) {
  if (!messages?.length) return null;
  return (
    <ul className="field-error" id={`${id}-problems`}>
      {messages.map((m) => (
        <li key={m}>
          <span className="visually-hidden">Problem: </span>
          {m}
        </li>
      ))}
    </ul>
  );
}

function Check({
  label,
  field,
  at,
  register,
  def = false,
}: {
  label: string;
  field: string;
  at: (f: string) => string;
  register: UseFormRegister<DraftQuestion>;
  def?: boolean;
}) {
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={fieldId(at(field))}
        {...register(field, { setValueAs: (v) => (v === undefined ? def : !!v) })}
      />
      <label htmlFor={fieldId(at(field))}>{label}</label>
    </div>
  );
}

type ListProps = {
  control: Control<DraftQuestion>;
  register: UseFormRegister<DraftQuestion>;
  path: string;
  problems: Map<string, string[]>;
};

function Problem({ problems, path }: { problems: Map<string, string[]>; path: string }) {
  return <FieldProblems messages={problems.get(path)} id={fieldId(path)} />;
}

function FindingFields({ control, register, path, name }: ListProps & { name: string }) {
  const finding = useWatch({ control, name });
  const id = fieldId(`${path}.${name}`);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <fieldset>
          <legend>Finding</legend>
          <div className="checkbox">
            <input
              type="checkbox"
              id={`${id}-on`}
              checked={!!finding}
              onChange={(event) =>
                field.onChange(
                  event.target.checked
                    ? { severity: "medium", title: "", remediation: "", references: [] }
                    : undefined,
                )
              }
            />
            <label htmlFor={`${id}-on`}>This answer opens a finding</label>
          </div>
          {finding ? (
            <>
              <label htmlFor={`${id}-severity`}>Severity</label>
              <select id={`${id}-severity`} {...register(`${name}.severity`)}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
              <label htmlFor={fieldId(`${path}.${name}.title`)}>Finding title</label>
              <input id={fieldId(`${path}.${name}.title`)} {...register(`${name}.title`)} />
              <label htmlFor={fieldId(`${path}.${name}.remediation`)}>Remediation guidance</label>
              <textarea
                rows={2}
                id={fieldId(`${path}.${name}.remediation`)}
                {...register(`${name}.remediation`)}
              />
            </>
          ) : null}
        </fieldset>
      )}
    />
  );
}

function OptionsEditor(props: ListProps & { type: string }) {
  const { control, register, path, problems, type } = props;
  const { fields, append, remove, move } = useFieldArray({ control, name: "options" as never });
  const fixed = type === "yes_no";
  return (
    <fieldset>
      <legend>Options</legend>
      <Problem problems={problems} path={`${path}.options`} />
      <ol className="builder-list">
        {fields.map((item, i) => {
          const at = `${path}.options[${i}]`;
          return (
            <li key={item.id} id={fieldId(at)} tabIndex={-1}>
              <Problem problems={problems} path={at} />
              <label htmlFor={fieldId(`${at}.value`)}>Value {i + 1}</label>
              <input
                id={fieldId(`${at}.value`)}
                readOnly={fixed}
                {...register(`options.${i}.value`)}
              />
              <Problem problems={problems} path={`${at}.value`} />
              <label htmlFor={fieldId(`${at}.label`)}>Label{fixed ? " (optional)" : ""}</label>
              <input
                id={fieldId(`${at}.label`)}
                {...register(`options.${i}.label`, { setValueAs: optionalText })}
              />
              <Problem problems={problems} path={`${at}.label`} />
              <label htmlFor={fieldId(`${at}.credit`)}>Credit (0–1)</label>
              <input
                type="number"
                step="any"
                id={fieldId(`${at}.credit`)}
                {...register(`options.${i}.credit`, { setValueAs: optionalNumber })}
              />
              <Problem problems={problems} path={`${at}.credit`} />
              <div className="checkbox">
                <input
                  type="checkbox"
                  id={fieldId(`${at}.knockout`)}
                  {...register(`options.${i}.knockout`)}
                />
                <label htmlFor={fieldId(`${at}.knockout`)}>Knockout</label>
              </div>
              {type === "multiple_choice" ? (
                <div className="checkbox">
                  <input
                    type="checkbox"
                    id={fieldId(`${at}.exclusive`)}
                    {...register(`options.${i}.exclusive`)}
                  />
                  <label htmlFor={fieldId(`${at}.exclusive`)}>Exclusive (clears the others)</label>
                </div>
              ) : null}
              <FindingFields {...props} name={`options.${i}.finding`} />
              <Problem problems={problems} path={`${at}.finding.title`} />
              <Problem problems={problems} path={`${at}.finding.remediation`} />
              {!fixed ? (
                <p className="actions">
                  <button
                    type="button"
                    className="button--secondary"
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                  >
                    Move up<span className="visually-hidden"> option {i + 1}</span>
                  </button>
                  <button type="button" className="button--secondary" onClick={() => remove(i)}>
                    Remove<span className="visually-hidden"> option {i + 1}</span>
                  </button>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {!fixed ? (
        <button
          type="button"
          className="button--secondary"
          onClick={() =>
            append({ value: `option-${fields.length + 1}`, label: "", credit: 0 } as never)
          }
        >
          Add an option
        </button>
      ) : null}
    </fieldset>
  );
}

function LevelsEditor(props: ListProps) {
  const { control, register, path, problems } = props;
  const { fields } = useFieldArray({ control, name: "levels" as never });
  return (
    <fieldset>
      <legend>Maturity levels</legend>
      <Problem problems={problems} path={`${path}.levels`} />
      <ol className="builder-list" start={0}>
        {fields.map((item, i) => {
          const at = `${path}.levels[${i}]`;
          return (
            <li key={item.id} id={fieldId(at)} tabIndex={-1}>
              <label htmlFor={fieldId(`${at}.description`)}>Level {i} description</label>
              <input id={fieldId(`${at}.description`)} {...register(`levels.${i}.description`)} />
              <Problem problems={problems} path={`${at}.description`} />
              <label htmlFor={fieldId(`${at}.credit`)}>Credit (optional)</label>
              <input
                type="number"
                step="any"
                id={fieldId(`${at}.credit`)}
                {...register(`levels.${i}.credit`, { setValueAs: optionalNumber })}
              />
              <FindingFields {...props} name={`levels.${i}.finding`} />
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

function BandsEditor(props: ListProps) {
  const { control, register, path, problems } = props;
  const { fields, append, remove } = useFieldArray({ control, name: "bands" as never });
  return (
    <fieldset>
      <legend>Bands (tried in order; the first that contains the answer wins)</legend>
      <Problem problems={problems} path={`${path}.bands`} />
      <ol className="builder-list">
        {fields.map((item, i) => {
          const at = `${path}.bands[${i}]`;
          return (
            <li key={item.id} id={fieldId(at)} tabIndex={-1}>
              <Problem problems={problems} path={at} />
              {(["min", "max", "credit"] as const).map((f) => (
                <span key={f}>
                  <label htmlFor={fieldId(`${at}.${f}`)}>
                    {f === "min"
                      ? "From (optional)"
                      : f === "max"
                        ? "To (optional)"
                        : "Credit (0–1)"}
                  </label>
                  <input
                    type="number"
                    step="any"
                    id={fieldId(`${at}.${f}`)}
                    {...register(`bands.${i}.${f}`, { setValueAs: optionalNumber })}
                  />
                  <Problem problems={problems} path={`${at}.${f}`} />
                </span>
              ))}
              <FindingFields {...props} name={`bands.${i}.finding`} />
              <button type="button" className="button--secondary" onClick={() => remove(i)}>
                Remove<span className="visually-hidden"> band {i + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button--secondary"
        onClick={() => append({ credit: 0 } as never)}
      >
        Add a band
      </button>
    </fieldset>
  );
}

function ExtraField({
  field,
  control,
  register,
  at,
  problems,
}: {
  field: ReturnType<typeof extraFields>[number];
  control: Control<DraftQuestion>;
  register: UseFormRegister<DraftQuestion>;
  at: (f: string) => string;
  problems: Map<string, string[]>;
}) {
  const id = fieldId(at(field.name));
  const label = field.name.replace(/([A-Z])/g, " $1").toLowerCase();
  return (
    <div className="field">
      {field.kind === "boolean" ? null : <label htmlFor={id}>{label}</label>}
      {field.description ? <p className="hint">{field.description}</p> : null}
      <FieldProblems messages={problems.get(at(field.name))} id={id} />
      {field.kind === "text" ? (
        <input id={id} {...register(field.name, { setValueAs: optionalText })} />
      ) : null}
      {field.kind === "number" ? (
        <input
          type="number"
          step="any"
          id={id}
          {...register(field.name, { setValueAs: optionalNumber })}
        />
      ) : null}
      {field.kind === "boolean" ? (
        <div className="checkbox">
          <input type="checkbox" id={id} {...register(field.name)} />
          <label htmlFor={id}>{label}</label>
        </div>
      ) : null}
      {field.kind === "enum" ? (
        <select id={id} {...register(field.name)}>
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : null}
      {field.kind === "json" ? (
        <Controller
          control={control}
          name={field.name}
          render={({ field: f }) => (
            <textarea
              id={id}
              rows={4}
              defaultValue={f.value === undefined ? "" : JSON.stringify(f.value, null, 2)}
              onBlur={(event) => {
                try {
                  f.onChange(
                    event.target.value.trim() ? JSON.parse(event.target.value) : undefined,
                  );
                } catch {
                  // Left as it was: the problems list keeps pointing here until it parses.
                }
              }}
            />
          )}
        />
      ) : null}
    </div>
  );
}
