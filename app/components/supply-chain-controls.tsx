// The answering page's countries and supplier-list controls, loaded on demand
// (docs/decisions/360-supply-chain-controls-on-demand.md). Their code and the country list are
// about 13 KB of gzipped JavaScript that most questionnaires never use, so in the browser they are
// a chunk of their own, fetched when a page renders such a question:
//
//   - the server reads the module before its first render, so every document holds the whole
//     control (the no-JavaScript form is unchanged);
//   - hydration meets a React.lazy inside a Suspense boundary: React keeps the server's markup
//     (and whatever was typed or ticked in it) and hydrates the control once the chunk arrives;
//   - a control first rendered in the browser (after a client-side navigation to another part
//     or section) shows, until the chunk arrives, hidden fields carrying the stored answer and a
//     line saying it is loading — so autosave, which reads answers from the form, never reads a
//     missing control as a cleared answer. If the chunk cannot be fetched (offline), that stays,
//     saying so.
import { useRevalidator } from "@remix-run/react";
import { lazy, memo, Suspense, type ComponentProps } from "react";
import { describeAnswerWith, supplierFieldName, supplierRowsName } from "~/assessments/answer-form";
import { type Answer } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import type * as Fields from "./supply-chain-fields";

type Module = typeof Fields;
const load = (): Promise<Module> => import("./supply-chain-fields");

// Server: read once, before any request is rendered (top-level await; the branch is removed
// from the browser build, where `import.meta.env.SSR` is false).
const onServer: Module | null = import.meta.env.SSR ? await load() : null;

let failed = false;
let pending: Promise<Module> | null = null;
/** Starts fetching the chunk (once); a page calls it as soon as it knows it will need it. */
export function preloadSupplyChainControls(): Promise<Module> {
  pending ??= load().catch((error: unknown) => {
    failed = true;
    pending = null; // the next render may try again
    throw error;
  });
  return pending;
}

type PickerProps = ComponentProps<Module["CountryPicker"]>;
type TableProps = Omit<ComponentProps<Module["SupplierTable"]>, "revalidate">;
type WordsProps = { question: Question; answer: Answer | null };

// On failure the lazy component renders the loading fallback with its message, not an error.
function lazyPart<P extends object>(
  pick: (module: Module) => React.ComponentType<P>,
  fallback: React.ComponentType<P>,
) {
  return lazy(() =>
    preloadSupplyChainControls().then(
      (module) => ({ default: pick(module) }),
      () => ({ default: fallback }),
    ),
  );
}

function Loading() {
  return (
    <p className="hint" role="status">
      {failed
        ? "This control could not be loaded: check your connection and reload the page. Your answer is kept."
        : "Loading…"}
    </p>
  );
}

/** The chosen countries as the form would post them, while the picker loads. */
function PickerFallback({ name, chosen, disabled }: PickerProps) {
  return (
    <>
      {chosen.map((code) => (
        <input key={code} type="hidden" name={name} value={code} disabled={disabled} />
      ))}
      {chosen.length ? <p>{chosen.join(", ")}</p> : null}
      <Loading />
    </>
  );
}

/** The supplier rows as the form would post them, while the table loads. */
function TableFallback({ questionId, value, disabled }: TableProps) {
  const rows = value?.suppliers ?? [];
  const hidden = (name: string, value: string, key?: string) => (
    <input key={key ?? name} type="hidden" name={name} value={value} disabled={disabled} />
  );
  return (
    <>
      {hidden(supplierRowsName(questionId), String(rows.length + 1))}
      {rows.flatMap((row, index) => {
        const field = (name: Parameters<typeof supplierFieldName>[2]) =>
          supplierFieldName(questionId, index, name);
        return [
          hidden(field("name"), row.name),
          hidden(field("domain"), row.domain ?? ""),
          hidden(field("service"), row.service),
          ...row.receives.map((kind) =>
            hidden(field("receives"), kind, `${field("receives")}-${kind}`),
          ),
          ...row.countries.map((code) =>
            hidden(field("countries"), code, `${field("countries")}-${code}`),
          ),
          hidden(field("state"), row.stateControlled),
        ];
      })}
      {rows.length ? <p>{rows.map((row) => row.name).join("; ")}</p> : null}
      <Loading />
    </>
  );
}

function WordsFallback({ question, answer }: WordsProps) {
  return <>{describeAnswerWith(null, question, answer)}</>;
}

const LazyPicker = lazyPart((m) => m.CountryPicker, PickerFallback);
const LazyTable = lazyPart<ComponentProps<Module["SupplierTable"]>>(
  (m) => m.SupplierTable,
  TableFallback,
);
const LazyWords = lazyPart((m) => m.SupplyChainAnswerWords, WordsFallback);

// Memoised: a re-render of the question with the same props must not reach a boundary that is
// still waiting for the chunk (React would drop the server's markup and render the fallback).
export const CountryPicker = memo(function CountryPicker(props: PickerProps) {
  if (onServer)
    return (
      <Suspense>
        <onServer.CountryPicker {...props} />
      </Suspense>
    );
  return (
    <Suspense fallback={<PickerFallback {...props} />}>
      <LazyPicker {...props} />
    </Suspense>
  );
});

export const SupplierTable = memo(function SupplierTable(props: TableProps) {
  // The router's own method: the same function on every render.
  const { revalidate } = useRevalidator();
  if (onServer)
    return (
      <Suspense>
        <onServer.SupplierTable {...props} revalidate={revalidate} />
      </Suspense>
    );
  return (
    <Suspense fallback={<TableFallback {...props} />}>
      <LazyTable {...props} revalidate={revalidate} />
    </Suspense>
  );
});

/** A countries or supplier-list answer in words (country names, supplier rows). */
export function SupplyChainAnswerWords(props: WordsProps) {
  if (onServer)
    return (
      <Suspense>
        <onServer.SupplyChainAnswerWords {...props} />
      </Suspense>
    );
  return (
    <Suspense fallback={<WordsFallback {...props} />}>
      <LazyWords {...props} />
    </Suspense>
  );
}
