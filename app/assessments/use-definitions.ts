// The version's vendor copy, read by the answering page from its cached asset once the page
// has hydrated (docs/decisions/320). Kept per URL for the page's life: the URL names the
// content, so a copy read once stays right.
import { startTransition, useEffect, useState } from "react";
import { type Questionnaire } from "~/questionnaire/definition";

const loaded = new Map<string, Questionnaire>();

function looksLikeQuestionnaire(value: unknown): value is Questionnaire {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { sections?: unknown }).sections)
  );
}

/**
 * Null until the definitions have arrived (the first render, which hydrates the server's
 * document, always sees null); then the whole version. A failed read leaves null: the page
 * goes on with the part the document holds.
 */
export function useDefinitions(url: string): Questionnaire | null {
  const [definitions, setDefinitions] = useState<Questionnaire | null>(null);
  useEffect(() => {
    let current = true;
    const known = loaded.get(url);
    if (known) {
      startTransition(() => setDefinitions(known));
      return;
    }
    // As the page's <link rel="preload" as="fetch"> asked for it, so the preloaded response is used.
    fetch(url)
      .then((response) => (response.ok ? response.json() : null))
      .then((value: unknown) => {
        if (!looksLikeQuestionnaire(value)) return;
        loaded.set(url, value);
        // The page re-renders with the whole version's conditions: that yields to typing.
        if (current) startTransition(() => setDefinitions(value));
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [url]);
  return definitions;
}
