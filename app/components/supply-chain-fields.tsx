// The answering controls of the declared supply chain (docs/decisions/240): a searchable
// country picker and an editable table of supplier rows. Inputs stay uncontrolled, as on the
// rest of the answering page: the form holds what is typed, and autosave reads it from there.
// Without JavaScript every country is listed and one blank supplier row is always offered.
// The answering page loads this module on demand (supply-chain-controls.tsx, decision 360).
import { useEffect, useRef, useState } from "react";
import { supplierFieldName, supplierRowsName } from "~/assessments/answer-form";
import { describeAnswer } from "~/assessments/answer-words";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { ScrollRegion } from "./scroll-region";
import { COUNTRIES, foldName } from "~/supply-chain/countries";
import { DATA_KIND_LABELS, SERVICE_LABELS, STATE_CONTROL_LABELS } from "~/supply-chain/labels";
import {
  DATA_KINDS,
  SERVICE_KINDS,
  STATE_CONTROL,
  type SupplierListValue,
  type SupplierRow,
} from "~/supply-chain/types";

const SEARCH_KEYS = COUNTRIES.map((country) => ({
  code: country.code,
  name: country.name,
  key: foldName([country.name, country.code, country.alpha3, ...country.aliases].join(" ")),
}));

/** A countries or supplier-list answer in words, with country names (a conflict's two sides). */
export function SupplyChainAnswerWords({
  question,
  answer,
}: {
  question: Question;
  answer: Answer | null;
}) {
  return <>{describeAnswer(question, answer)}</>;
}

/** Checkboxes of every country, narrowed by a search box. */
export function CountryPicker({
  id,
  name,
  legend,
  chosen,
  disabled,
  describedBy,
}: {
  id: string;
  name: string;
  legend: string;
  chosen: readonly string[];
  disabled: boolean;
  describedBy?: string;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<number | null>(null);
  const picked = new Set(chosen);
  return (
    <fieldset className="country-picker" aria-describedby={describedBy}>
      <legend className="visually-hidden">{legend}</legend>
      <label htmlFor={`${id}-search`}>Find a country</label>
      <input
        id={`${id}-search`}
        type="search"
        autoComplete="off"
        aria-controls={`${id}-list`}
        disabled={disabled}
        // Not an answer field (no name): filtering hides labels in place, so a ticked
        // country stays in the form when it is filtered out of view.
        onInput={(event) => {
          const query = foldName(event.currentTarget.value);
          let count = 0;
          for (const label of listRef.current?.querySelectorAll<HTMLLabelElement>("label") ?? []) {
            const match = query === "" || (label.dataset.key ?? "").includes(query);
            label.hidden = !match;
            if (match) count++;
          }
          setShown(query === "" ? null : count);
        }}
      />
      <p className="hint" role="status">
        {shown === null ? "" : `${shown} ${shown === 1 ? "country matches" : "countries match"}`}
      </p>
      <div className="radios country-list" id={`${id}-list`} ref={listRef}>
        {SEARCH_KEYS.map((country) => (
          <label key={country.code} data-key={country.key}>
            <input
              type="checkbox"
              name={name}
              value={country.code}
              defaultChecked={picked.has(country.code)}
              disabled={disabled}
            />
            {`${country.name} (${country.code})`}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type Row = { key: number; row: SupplierRow | null };

/** An editable table of suppliers: add and remove rows; every cell is labelled. */
export function SupplierTable({
  id,
  questionId,
  value,
  disabled,
  describedBy,
  bomImport = false,
  revalidate,
}: {
  id: string;
  questionId: string;
  value: SupplierListValue | null;
  disabled: boolean;
  describedBy?: string;
  /** The answering page renders a form `bom-<questionId>` posting to /v/boms (decision 331). */
  bomImport?: boolean;
  /**
   * The router's revalidate (useRevalidator), called once a CycloneDX file is kept. A prop, so
   * that this on-demand module does not pull Remix's router into a chunk of its own (decision 360).
   */
  revalidate: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => {
    const given = (value?.suppliers ?? []).map((row, index) => ({ key: index, row }));
    // One blank row to type into (without JavaScript, the way to add a supplier).
    return [...given, { key: given.length, row: null }];
  });
  const nextKey = useRef(rows.length);
  const changed = useRef<"added" | "removed" | null>(null);
  const rowsField = useRef<HTMLInputElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (changed.current === null) return;
    const what = changed.current;
    changed.current = null;
    // Tell autosave the rows changed: a removed row's text must not come back.
    rowsField.current?.dispatchEvent(new Event("input", { bubbles: true }));
    if (what === "added") {
      const inputs = tableRef.current?.querySelectorAll<HTMLInputElement>("input.supplier-name");
      inputs?.[inputs.length - 1]?.focus();
    } else addButton.current?.focus();
  }, [rows]);

  // Rows read from a CycloneDX file (decision 331) go below the rows already typed, for the
  // vendor to check: they are saved with the next save, like typed rows, never on their own.
  function addImported(imported: readonly SupplierRow[]) {
    const names = tableRef.current?.querySelectorAll<HTMLInputElement>("input.supplier-name");
    setRows((current) => {
      const kept = current.filter(
        (candidate, index) => candidate.row !== null || (names?.[index]?.value ?? "") !== "",
      );
      const added = imported.map((row) => ({ key: nextKey.current++, row }));
      return [...kept, ...added, { key: nextKey.current++, row: null }];
    });
    focusFirstImported.current = imported.length;
  }
  const focusFirstImported = useRef<number | null>(null);
  useEffect(() => {
    const count = focusFirstImported.current;
    focusFirstImported.current = null;
    if (!count) return;
    const inputs = tableRef.current?.querySelectorAll<HTMLInputElement>("input.supplier-name");
    inputs?.[inputs.length - 1 - count]?.focus();
  }, [rows]);

  return (
    <div className="supplier-list" id={id} aria-describedby={describedBy}>
      {bomImport && !disabled ? (
        <BomImport
          id={`${id}-bom`}
          questionId={questionId}
          onRows={addImported}
          revalidate={revalidate}
        />
      ) : null}
      <input
        type="hidden"
        name={supplierRowsName(questionId)}
        value={rows.length}
        ref={rowsField}
      />
      <ScrollRegion label="Suppliers">
        <table className="supplier-table" ref={tableRef}>
          <caption className="visually-hidden">Suppliers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Website domain</th>
              <th scope="col">Service</th>
              <th scope="col">What of our data it receives</th>
              <th scope="col">Countries where it processes or stores it</th>
              <th scope="col">State-controlled</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ key, row }, index) => {
              const n = index + 1;
              const field = (name: Parameters<typeof supplierFieldName>[2]) =>
                supplierFieldName(questionId, index, name);
              const cell = `${id}-${key}`;
              return (
                <tr key={key}>
                  <td>
                    <label htmlFor={`${cell}-name`} className="visually-hidden">
                      Supplier {n}: name
                    </label>
                    <input
                      id={`${cell}-name`}
                      className="supplier-name"
                      name={field("name")}
                      defaultValue={row?.name ?? ""}
                      disabled={disabled}
                      autoComplete="off"
                    />
                  </td>
                  <td>
                    <label htmlFor={`${cell}-domain`} className="visually-hidden">
                      Supplier {n}: website domain
                    </label>
                    <input
                      id={`${cell}-domain`}
                      name={field("domain")}
                      defaultValue={row?.domain ?? ""}
                      disabled={disabled}
                      placeholder="example.com"
                      autoComplete="off"
                      spellCheck={false}
                    />
                  </td>
                  <td>
                    <label htmlFor={`${cell}-service`} className="visually-hidden">
                      Supplier {n}: service
                    </label>
                    <select
                      id={`${cell}-service`}
                      name={field("service")}
                      defaultValue={row?.service ?? ""}
                      disabled={disabled}
                    >
                      <option value="">Choose…</option>
                      {SERVICE_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {SERVICE_LABELS[kind]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <fieldset>
                      <legend className="visually-hidden">
                        Supplier {n}: what of our data it receives
                      </legend>
                      {DATA_KINDS.map((kind) => (
                        <label key={kind} className="supplier-check">
                          <input
                            type="checkbox"
                            name={field("receives")}
                            value={kind}
                            defaultChecked={row?.receives.includes(kind) ?? false}
                            disabled={disabled}
                          />{" "}
                          {DATA_KIND_LABELS[kind]}
                        </label>
                      ))}
                    </fieldset>
                  </td>
                  <td>
                    <details>
                      <summary>
                        {row && row.countries.length > 0
                          ? `Countries: ${row.countries.join(", ")}`
                          : "Choose countries"}
                        <span className="visually-hidden"> for supplier {n}</span>
                      </summary>
                      <CountryPicker
                        id={`${cell}-countries`}
                        name={field("countries")}
                        legend={`Supplier ${n}: countries`}
                        chosen={row?.countries ?? []}
                        disabled={disabled}
                      />
                    </details>
                  </td>
                  <td>
                    <label htmlFor={`${cell}-state`} className="visually-hidden">
                      Supplier {n}: state-controlled
                    </label>
                    <select
                      id={`${cell}-state`}
                      name={field("state")}
                      defaultValue={row?.stateControlled ?? ""}
                      disabled={disabled}
                    >
                      <option value="">Choose…</option>
                      {STATE_CONTROL.map((state) => (
                        <option key={state} value={state}>
                          {STATE_CONTROL_LABELS[state]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {disabled ? null : (
                      <button
                        type="button"
                        className="button--secondary"
                        onClick={() => {
                          changed.current = "removed";
                          setRows((current) =>
                            current.filter((candidate) => candidate.key !== key),
                          );
                        }}
                      >
                        Remove<span className="visually-hidden"> supplier {n}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {disabled ? null : (
        <button
          type="button"
          className="button--secondary"
          ref={addButton}
          onClick={() => {
            changed.current = "added";
            setRows((current) => [...current, { key: nextKey.current++, row: null }]);
          }}
        >
          Add a supplier
        </button>
      )}
    </div>
  );
}

type BomReply =
  | {
      ok: true;
      file: { fileName: string };
      rows: SupplierRow[];
      notes: { row: number | null; message: string }[];
    }
  | { ok: false; message?: string };

/**
 * "Fill from a CycloneDX file": the file input and button belong to the page's form
 * `bom-<questionId>` (outside the answer form). With JavaScript the form is sent with fetch and
 * the rows it reads fill the table; without it, the form posts and the page comes back.
 */
function BomImport({
  id,
  questionId,
  onRows,
  revalidate,
}: {
  id: string;
  questionId: string;
  onRows: (rows: readonly SupplierRow[]) => void;
  revalidate: () => void;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [notes, setNotes] = useState<{ about: string | null; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const latest = useRef({ onRows, revalidate });
  latest.current = { onRows, revalidate };
  useEffect(() => {
    const form = document.getElementById(`bom-${questionId}`);
    if (!(form instanceof HTMLFormElement)) return;
    async function send(event: SubmitEvent) {
      event.preventDefault();
      const target = event.currentTarget as HTMLFormElement;
      setBusy(true);
      setMessage({ ok: true, text: "Reading the file…" });
      setNotes([]);
      try {
        const response = await fetch(target.action, {
          method: "POST",
          body: new FormData(target),
          headers: { Accept: "application/json" },
        });
        const reply = (await response.json()) as BomReply;
        if (!reply.ok) {
          setMessage({ ok: false, text: reply.message ?? "The file could not be read." });
          document.getElementById(`${id}-file`)?.focus();
          return;
        }
        const count = reply.rows.length;
        setNotes(
          reply.notes.map((note) => ({
            about: note.row === null ? null : (reply.rows[note.row]?.name ?? null),
            message: note.message,
          })),
        );
        setMessage({
          ok: true,
          text:
            count === 0
              ? `${reply.file.fileName} is kept with your answer, but it lists no suppliers to add.`
              : `${count} ${count === 1 ? "supplier" : "suppliers"} from ${reply.file.fileName} added below, not yet saved: check each row (the notes say what the file did not tell), then save. The file is kept with your answer.`,
        });
        target.reset();
        latest.current.onRows(reply.rows);
        latest.current.revalidate();
      } catch {
        setMessage({ ok: false, text: "The upload failed: check your connection and try again." });
      } finally {
        setBusy(false);
      }
    }
    const listener = (event: Event) => void send(event as SubmitEvent);
    form.addEventListener("submit", listener);
    return () => form.removeEventListener("submit", listener);
  }, [id, questionId]);
  return (
    <div className="field bom-import">
      <label htmlFor={`${id}-file`}>Fill the table from a CycloneDX file (optional)</label>
      <p className="hint" id={`${id}-hint`}>
        A CycloneDX JSON SBOM, SaaSBOM or AI/ML-BOM, up to 5 MB: its services and AI components are
        added as rows for you to check. The file is kept with your answer.
      </p>
      <span className="actions">
        <input
          type="file"
          id={`${id}-file`}
          name="file"
          form={`bom-${questionId}`}
          accept=".json,application/json"
          aria-describedby={`${id}-hint`}
        />
        <button
          type="submit"
          form={`bom-${questionId}`}
          className="button--secondary"
          disabled={busy}
        >
          Read the file
        </button>
      </span>
      <p className={message?.ok === false ? "field-error" : "hint"} role="status">
        {message?.text ?? ""}
      </p>
      {notes.length > 0 ? (
        <ul className="hint" aria-label="Notes on the file">
          {notes.map((note, index) => (
            <li key={index}>
              {note.about === null ? "" : `${note.about}: `}
              {note.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
