import {
  type ComponentPropsWithoutRef,
  forwardRef,
  type ReactNode,
  useEffect,
  useRef,
} from "react";

export type FormErrors = Record<string, string | undefined>;

/**
 * GOV.UK-style error summary: takes focus when it appears and links to each field. With
 * `focusWhen`, it takes focus only when that changes (a submission the person made was
 * refused), not whenever the errors do: errors found in the background, as autosave finds
 * them while someone is still filling a field in, must not move their focus (WCAG 3.2.2,
 * decision 366).
 */
export function ErrorSummary({
  errors,
  fieldIds = {},
  links = {},
  focusWhen,
}: {
  errors: FormErrors;
  fieldIds?: Record<string, string>;
  /** A full address for an error whose field is on another page. */
  links?: Record<string, string>;
  focusWhen?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter((e): e is [string, string] => !!e[1]);
  const signature = entries.map(([k, v]) => `${k}:${v}`).join("|");
  const shown = useRef(signature);
  shown.current = signature;
  const focusKey = focusWhen ?? signature;
  useEffect(() => {
    if (shown.current) ref.current?.focus();
  }, [focusKey]);
  if (entries.length === 0) return null;
  return (
    <div
      className="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      ref={ref}
    >
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === "form" ? (
              message
            ) : (
              <a href={links[field] ?? `#${fieldIds[field] ?? field}`}>{message}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Described = {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
};

/** The label, hint and error around one control, with ids for aria-describedby. */
function FieldShell({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: Omit<Described, "name"> & {
  id: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>
        {label}
        {optional ? " (optional)" : ""}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {children([hintId, errorId].filter(Boolean).join(" ") || undefined)}
    </div>
  );
}

type FieldProps = Described & Omit<ComponentPropsWithoutRef<"input">, "name">;

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export const TextField = forwardRef<HTMLInputElement, FieldProps>(function TextField(
  { label, name, hint, error, optional, id = name, ...input },
  ref,
) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <input
          ref={ref}
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldShell>
  );
});

type TextAreaProps = Described & Omit<ComponentPropsWithoutRef<"textarea">, "name">;

/** TextField's twin for longer text. */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField(
  { label, name, hint, error, optional, id = name, ...textarea },
  ref,
) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <textarea
          ref={ref}
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      )}
    </FieldShell>
  );
});

type SelectProps = Described & {
  options: { value: string; label: string }[];
} & Omit<ComponentPropsWithoutRef<"select">, "name">;

/** A labelled select; forwards its ref so react-hook-form can register it. */
export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField(
  { label, name, hint, error, optional, options, id = name, ...select },
  ref,
) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      {(describedBy) => (
        <select
          ref={ref}
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
});
