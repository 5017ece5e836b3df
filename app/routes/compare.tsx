// Compare 2–10 vendors assessed with the same questionnaire (any versions): the overview, the
// section scores as a heat map, then every question, where they differ most first. The picker
// searches the questionnaire's vendors by name a page at a time and keeps the chosen ones in
// the URL, so it works as plain GET forms and links (docs/decisions/081-compare-vendor-picker.md).
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { buildComparison, type Comparison, MAX_COMPARED, MIN_COMPARED } from "~/compare/compare";
import {
  compareHref,
  MAX_SEARCH_LENGTH,
  parseCompareQuery,
  type PickerState,
  wantsComparison,
} from "~/compare/compare-query";
import {
  type Chosen,
  compareChosen,
  listComparableQuestionnaires,
  resolveChoice,
  searchComparableVendors,
  type VendorSearchResult,
} from "~/compare/compare.server";
import { ExportLinks } from "~/components/export-links";
import { SelectField, TextField } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { getDb } from "~/db.server";
import { formatCredit } from "~/format";
import { formatScore } from "~/scoring/engine";
import { type Tier } from "~/scoring/risk";
import portfolioStyles from "~/styles/portfolio.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portfolioStyles }];

export const meta: MetaFunction = () => [{ title: "Compare vendors — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const db = await getDb();
  const parsed = parseCompareQuery(new URL(request.url).searchParams);
  const questionnaires = await listComparableQuestionnaires(db);
  const none = {
    questionnaires,
    slug: "",
    q: "",
    chosen: [] as Chosen[],
    results: null as VendorSearchResult | null,
    comparison: null as Comparison | null,
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
  const resolution = await resolveChoice(db, {
    slug: query.questionnaire,
    vendorIds: query.vendor,
    assessmentIds: query.assessment,
  });
  // A link with assessments only (no questionnaire) opens the picker on theirs.
  const slugs = [...new Set(resolution.chosen.map((c) => c.slug))];
  const slug = query.questionnaire ?? (slugs.length === 1 ? slugs[0]! : "");
  const [results, selection] = await Promise.all([
    slug ? searchComparableVendors(db, slug, { search: query.q, page: query.page }) : null,
    !resolution.problem && wantsComparison(query) ? compareChosen(db, resolution.chosen) : null,
  ]);
  const error = resolution.problem ?? (selection && !selection.ok ? selection.message : null);
  const body = {
    ...none,
    slug,
    q: query.q ?? "",
    chosen: resolution.chosen,
    results,
    comparison: selection?.ok ? buildComparison(selection.entries) : null,
    error,
  };
  return error ? data(body, { status: 400 }) : body;
}

const numberFormat = new Intl.NumberFormat("en-GB");

function vendorsNoun(n: number) {
  return `${numberFormat.format(n)} vendor${n === 1 ? "" : "s"}`;
}

function chosenSummary(count: number): string {
  if (count === 0) return `None chosen yet: add ${MIN_COMPARED} to ${MAX_COMPARED} vendors.`;
  if (count < MIN_COMPARED)
    return `${count} chosen: add at least ${MIN_COMPARED - count} more to compare.`;
  if (count === MAX_COMPARED)
    return `${count} chosen, the most that can be compared: remove one to add another.`;
  if (count > MAX_COMPARED) return `${count} chosen: remove ${count - MAX_COMPARED} to compare.`;
  return `${count} chosen (at most ${MAX_COMPARED}).`;
}

function resultSummary({ total, more, page, pageSize, vendors }: VendorSearchResult, q: string) {
  const matching = q ? ` matching “${q}”` : "";
  if (total === null) return `No vendors${matching} on page ${numberFormat.format(page)}.`;
  if (total === 0)
    return q
      ? `No vendor matching “${q}” has a submitted, scored assessment on this questionnaire.`
      : "No vendor has a submitted, scored assessment on this questionnaire.";
  const of = more ? `more than ${vendorsNoun(total)}` : vendorsNoun(total);
  if (total <= pageSize && !more) return `${of}${matching}`;
  const from = (page - 1) * pageSize + 1;
  return `Showing ${numberFormat.format(from)}–${numberFormat.format(from + vendors.length - 1)} of ${of}${matching}`;
}

function hasNext({ total, page, pageSize }: VendorSearchResult) {
  return total !== null && page * pageSize < total;
}

/** "Page 2 of 3", or "Page 2 of more than 6" when the matches were not all counted. */
function pagesSummary({ total, more, page, pageSize }: VendorSearchResult) {
  const pages = Math.ceil((total ?? 0) / pageSize);
  return `Page ${numberFormat.format(page)} of ${more ? "more than " : ""}${numberFormat.format(pages)}`;
}

export default function ComparePage() {
  const { questionnaires, slug, q, chosen, results, comparison, error } =
    useLoaderData<typeof loader>();
  const location = useLocation();
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
          state={{
            questionnaire: slug,
            vendor: chosen.filter((c) => c.by === "vendor").map((c) => c.vendorId),
            assessment: chosen.filter((c) => c.by === "assessment").map((c) => c.assessmentId),
            q,
            page: results?.page,
          }}
          chosen={chosen}
          results={results}
          compared={comparison?.columns.length ?? 0}
          formKey={location.search}
        />
      ) : null}
      {comparison ? <ComparisonView c={comparison} /> : null}
    </>
  );
}

/**
 * The chosen vendors (each removable) and a name search over the questionnaire's comparable
 * vendors, a page at a time. Every control is a GET link or form carrying the whole state.
 * Adding or removing from a result row keeps focus on the same link (React keeps the element),
 * and the counts are status messages, so screen readers hear what changed.
 */
function VendorPicker({
  state,
  chosen,
  results,
  compared,
  formKey,
}: {
  state: PickerState;
  chosen: Chosen[];
  results: VendorSearchResult | null;
  compared: number;
  formKey: string;
}) {
  const chosenVendors = new Set(state.vendor);
  const full = chosen.length >= MAX_COMPARED;
  const without = (by: Chosen["by"], id: string) =>
    compareHref({
      ...state,
      vendor: by === "vendor" ? state.vendor.filter((v) => v !== id) : state.vendor,
      assessment: by === "assessment" ? state.assessment.filter((a) => a !== id) : state.assessment,
    });
  const withVendor = (vendorId: string) =>
    compareHref({ ...state, vendor: [...state.vendor, vendorId] });
  return (
    <section className="panel" aria-labelledby="vendors-title">
      <h2 id="vendors-title">Vendors to compare</h2>
      <p className="hint">
        Each vendor is compared on its latest submitted, scored assessment on any version of this
        questionnaire.
      </p>

      <h3 id="chosen-title">Chosen vendors</h3>
      <p role="status" className="result-count">
        {chosenSummary(chosen.length)}
      </p>
      {chosen.length > 0 ? (
        <ul className="pick-list" aria-labelledby="chosen-title">
          {chosen.map((c) => (
            <li key={`${c.by}-${c.by === "vendor" ? c.vendorId : c.assessmentId}`}>
              <span>
                {c.vendorName}{" "}
                <span className="hint">
                  (version {c.version}, submitted {c.submittedOn}
                  {c.by === "assessment" ? ", this assessment" : ""})
                </span>
              </span>
              <Link
                to={without(c.by, c.by === "vendor" ? c.vendorId : c.assessmentId)}
                preventScrollReset
              >
                Remove<span className="visually-hidden"> {c.vendorName}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {compared > 0 ? (
        <p>
          <a href="#comparison">Go to the comparison of {compared} vendors</a>
        </p>
      ) : null}

      <h3 id="find-title">Find vendors</h3>
      <Form method="get" role="search" aria-labelledby="find-title" key={formKey}>
        <input type="hidden" name="questionnaire" value={state.questionnaire} />
        {state.vendor.map((id) => (
          <input key={id} type="hidden" name="vendor" value={id} />
        ))}
        {state.assessment.map((id) => (
          <input key={id} type="hidden" name="assessment" value={id} />
        ))}
        <div className="inline-form">
          <TextField
            label="Vendor name"
            name="q"
            type="search"
            hint="Part of the name; leave it empty to list them all"
            defaultValue={state.q}
            maxLength={MAX_SEARCH_LENGTH}
            spellCheck={false}
          />
          <div className="field">
            <button type="submit" className="button--secondary">
              Search
            </button>
          </div>
        </div>
      </Form>
      {results ? (
        <>
          <p role="status" className="result-count" id="results-count">
            {resultSummary(results, state.q ?? "")}
          </p>
          {results.vendors.length > 0 ? (
            <ul className="pick-list" aria-labelledby="find-title">
              {results.vendors.map((v) => {
                const isChosen = chosenVendors.has(v.vendorId);
                return (
                  <li key={v.vendorId}>
                    <span>
                      {v.vendorName}{" "}
                      <span className="hint">
                        (version {v.version}, submitted {v.submittedOn})
                      </span>
                    </span>
                    {isChosen ? (
                      <Link to={without("vendor", v.vendorId)} preventScrollReset>
                        Remove<span className="visually-hidden"> {v.vendorName}</span>
                      </Link>
                    ) : full ? (
                      <span className="hint">Limit of {MAX_COMPARED} reached</span>
                    ) : (
                      <Link to={withVendor(v.vendorId)} preventScrollReset>
                        Add<span className="visually-hidden"> {v.vendorName}</span>
                      </Link>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : results.total === null ? (
            <p>
              <Link to={`${compareHref({ ...state, page: 1 })}#find-title`}>
                Go to the first page
              </Link>
            </p>
          ) : null}
          {results.vendors.length > 0 && (results.page > 1 || hasNext(results)) ? (
            <nav aria-label="Result pages" className="pager actions">
              {results.page > 1 ? (
                <Link
                  to={`${compareHref({ ...state, page: results.page - 1 })}#find-title`}
                  rel="prev"
                >
                  Previous page
                </Link>
              ) : null}
              <span>{pagesSummary(results)}</span>
              {hasNext(results) ? (
                <Link
                  to={`${compareHref({ ...state, page: results.page + 1 })}#find-title`}
                  rel="next"
                >
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function TierOr({ tier, none }: { tier: Tier | null; none: string }) {
  return tier ? <TierTag tier={tier} /> : <>{none}</>;
}

function VendorHeaders({ c }: { c: Comparison }) {
  return (
    <>
      {c.columns.map((col) => (
        <th scope="col" key={col.assessmentId}>
          <Link to={`/assessments/${col.assessmentId}/result`}>{col.vendorName}</Link>
          <span className="cell-note hint"> version {col.version}</span>
        </th>
      ))}
    </>
  );
}

function ComparisonView({ c }: { c: Comparison }) {
  const versions = [...new Set(c.columns.map((col) => col.version))];
  return (
    <>
      <h2 id="comparison" tabIndex={-1}>
        {c.title}: {c.columns.length} vendors
      </h2>
      {versions.length > 1 ? (
        <p className="hint">
          These assessments use versions {versions.join(", ")}. Questions are matched by their ids;
          a question or section a version does not have is marked “not in version”.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="overview-title">
        <h3 id="overview-title">Overview</h3>
        <p className="hint">Current scores: verified remediations count at full credit.</p>
        <ScrollRegion label="Overview of the compared vendors">
          <table>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Overall score</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId} className="num">
                    {formatScore(col.overall)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Score at submission</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId} className="num">
                    {formatScore(col.submittedOverall)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Residual tier</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId}>
                    <TierOr tier={col.residualTier} none="Not scored" />
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Inherent tier</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId}>
                    <TierOr tier={col.inherentTier} none="Unknown" />
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Risk rating</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId}>
                    <TierOr tier={col.riskRating} none="None" />
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Knockouts</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId} className="num">
                    {col.knockouts}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Submitted</th>
                {c.columns.map((col) => (
                  <td key={col.assessmentId}>{col.submittedAt?.slice(0, 10)}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="panel" aria-labelledby="heat-title">
        <h3 id="heat-title">Section scores</h3>
        <p className="hint">
          Out of 100, with the tier each score alone would give; the colour repeats the tier. Each
          cell comes from the version in its column heading.
        </p>
        <ScrollRegion label="Section scores heat map">
          <table className="heat-map">
            <thead>
              <tr>
                <th scope="col">Section</th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              {c.sections.map((s) => (
                <tr key={s.sectionId}>
                  <th scope="row">
                    {s.title}
                    {s.versions.length < versions.length ? (
                      <span className="cell-note hint">
                        {" "}
                        only in version {s.versions.join(", ")}
                      </span>
                    ) : null}
                  </th>
                  {s.cells.map((cell, i) =>
                    cell.present ? (
                      <td key={i} className={`heat heat-${cell.tier ?? "none"}`}>
                        {formatScore(cell.score)}
                        <small>{cell.tier ?? "not scored"}</small>
                      </td>
                    ) : (
                      <td key={i} className="heat heat-none">
                        Not in version {c.columns[i]!.version}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="panel" aria-labelledby="questions-title">
        <h3 id="questions-title">Question by question</h3>
        <p className="hint">
          Each vendor&apos;s answer and its credit (0 to 1). The questions where their credits
          differ most come first; spread is the highest credit minus the lowest.
        </p>
        <ScrollRegion label="Answers question by question">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col" className="num">
                  Spread
                </th>
                <VendorHeaders c={c} />
              </tr>
            </thead>
            <tbody>
              {c.questions.map((q) => (
                <tr key={q.questionId}>
                  <th scope="row">
                    {q.text}
                    <span className="cell-note hint">
                      {" "}
                      {q.sectionTitle} · <code>{q.questionId}</code>
                    </span>
                  </th>
                  <td className="num">{q.spread === null ? "—" : formatCredit(q.spread)}</td>
                  {q.cells.map((cell, i) =>
                    cell.present ? (
                      <td key={i}>
                        {cell.answer}
                        <span className="cell-note hint">
                          {" "}
                          Credit {formatCredit(cell.credit)}
                          {cell.verified ? " (verified)" : ""}
                          {cell.credit === null ? ` (${cell.applicability})` : ""}
                        </span>
                      </td>
                    ) : (
                      <td key={i} className="hint">
                        Not in version {cell.version}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <ExportLinks what="this comparison" path="/compare/export" />
    </>
  );
}
