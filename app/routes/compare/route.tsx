// Compare 2–10 vendors assessed with the same questionnaire (any versions): the overview, the
// section scores as a heat map, then the questions of one section at a time, where they differ
// most first (docs/decisions/390-compare-one-section.md). The picker searches the
// questionnaire's vendors by name a page at a time and keeps the chosen ones in the URL, so it
// all works as plain GET forms and links (docs/decisions/081-compare-vendor-picker.md).
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { type Comparison, type SectionView, viewSection } from "~/compare/compare";
import { parseCompareQuery, type PickerState, wantsComparison } from "~/compare/compare-query";
import {
  type Chosen,
  compareChosen,
  listComparableQuestionnaires,
  resolveChoice,
  searchComparableVendors,
  type VendorSearchResult,
} from "~/compare/compare.server";
import { SelectField } from "~/components/form";
import { getDb } from "~/db.server";
import portfolioStyles from "~/styles/portfolio.css?url";
import { VendorPicker } from "./vendor-picker";
import { ComparisonView } from "./comparison-view";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portfolioStyles }];

export const meta: MetaFunction = () => [
  { title: "Compare vendors — Assay" },
  { name: "description", content: "Compare vendors' scores section by section." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const db = await getDb();
  const parsed = parseCompareQuery(new URL(request.url).searchParams);
  // The page's four kept values are checked against the revisions its session lookup read
  // (decisions 434 and 439).
  const snapshot = requestRevisions(request, context, db);
  const questionnaires = await listComparableQuestionnaires(db, snapshot);
  const none = {
    questionnaires,
    slug: "",
    q: "",
    chosen: [] as Chosen[],
    results: null as VendorSearchResult | null,
    comparison: null as Comparison | null,
    view: null as Omit<SectionView, "questions"> | null,
    compare: false,
  };
  if (!parsed.ok) return data({ ...none, error: parsed.message }, { status: 400 });
  const query = parsed.value;
  if (
    query.questionnaire &&
    !questionnaires.some((q) => q.slug === query.questionnaire) &&
    query.assessment.length === 0
  ) {
    return data(
      {
        ...none,
        error: `No submitted assessment uses the questionnaire “${query.questionnaire}”.`,
      },
      { status: 400 },
    );
  }
  // Only the chosen ones' rows are read, whatever the number of vendors assessed.
  const resolution = await resolveChoice(
    db,
    { slug: query.questionnaire, vendorIds: query.vendor, assessmentIds: query.assessment },
    snapshot,
  );
  // A link with assessments only (no questionnaire) opens the picker on theirs.
  const slugs = [...new Set(resolution.chosen.map((c) => c.slug))];
  const slug = query.questionnaire ?? (slugs.length === 1 ? slugs[0]! : "");
  const [results, selection] = await Promise.all([
    slug
      ? searchComparableVendors(db, slug, { search: query.q, page: query.page, snapshot })
      : null,
    !resolution.problem && wantsComparison(query)
      ? compareChosen(db, resolution.chosen, snapshot)
      : null,
  ]);
  // Every question is compared (the section list counts the differing ones in each section),
  // but only the shown section's rows go to the page (decision 390).
  const full = selection?.ok ? selection.comparison : null;
  const shown = full ? viewSection(full, { section: query.section, differ: !!query.differ }) : null;
  const error =
    resolution.problem ??
    (selection && !selection.ok ? selection.message : null) ??
    (shown && shown.section === null
      ? `The questionnaire has no section “${query.section}”: choose one from the list of sections.`
      : null);
  const body = {
    ...none,
    slug,
    q: query.q ?? "",
    chosen: resolution.chosen,
    results,
    comparison: full && shown ? { ...full, questions: shown.questions } : null,
    view: shown ? { section: shown.section, differ: shown.differ, nav: shown.nav } : null,
    compare: query.compare === "1",
    error,
  };
  return error ? data(body, { status: 400 }) : body;
}

export default function ComparePage() {
  const { questionnaires, slug, q, chosen, results, comparison, view, compare, error } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  // What every link on the page keeps; an unknown section is dropped from them.
  const state: PickerState = {
    questionnaire: slug,
    vendor: chosen.filter((c) => c.by === "vendor").map((c) => c.vendorId),
    assessment: chosen.filter((c) => c.by === "assessment").map((c) => c.assessmentId),
    q,
    page: results?.page,
    section: view?.section ?? undefined,
    differ: view?.differ ? "1" : undefined,
  };
  return (
    <>
      <h1>Compare vendors</h1>
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="compare-error-title">
          <h2 id="compare-error-title">There is a problem</h2>
          <p>{error}</p>
        </div>
      ) : null}
      {/* Keyed by the URL so the fields show what is in force after back/forward too. */}
      <Form method="get" className="panel" aria-labelledby="choose-title" key={location.search}>
        <h2 id="choose-title">Choose what to compare</h2>
        {questionnaires.length === 0 ? (
          <p>No assessment has been submitted yet, so there is nothing to compare.</p>
        ) : (
          <div className="inline-form">
            <SelectField
              label="Questionnaire"
              name="questionnaire"
              defaultValue={slug}
              hint={
                chosen.length > 0
                  ? "Choosing another questionnaire clears the chosen vendors."
                  : undefined
              }
              options={[
                { value: "", label: "Choose a questionnaire" },
                ...questionnaires.map((q) => ({ value: q.slug, label: q.title })),
              ]}
            />
            <div className="field">
              <button type="submit" className="button--secondary">
                Show vendors
              </button>
            </div>
          </div>
        )}
      </Form>
      {slug ? (
        <VendorPicker
          state={state}
          chosen={chosen}
          results={results}
          compared={comparison?.columns.length ?? 0}
          formKey={location.search}
        />
      ) : null}
      {comparison && view ? (
        <ComparisonView
          c={comparison}
          view={view}
          state={{ ...state, compare: compare ? "1" : undefined }}
          formKey={location.search}
        />
      ) : null}
    </>
  );
}
