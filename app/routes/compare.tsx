// Compare 2–10 vendors assessed with the same questionnaire (any versions): the overview, the
// section scores as a heat map, then every question, where they differ most first.
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { buildComparison, type Comparison, formatCredit, MAX_COMPARED } from "~/compare/compare";
import { parseCompareQuery, wantsComparison } from "~/compare/compare-query";
import {
  listComparableQuestionnaires,
  listComparableVendors,
  selectForComparison,
} from "~/compare/compare.server";
import { ExportLinks } from "~/components/export-links";
import { SelectField } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { getDb } from "~/db.server";
import { formatScore } from "~/scoring/engine";
import { type Tier } from "~/scoring/risk";
import portfolioStyles from "~/styles/portfolio.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portfolioStyles }];

export const meta: MetaFunction = () => [{ title: "Compare vendors — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" });
  const db = await getDb();
  const questionnaires = await listComparableQuestionnaires(db);
  const parsed = parseCompareQuery(new URL(request.url).searchParams);
  const empty = { questionnaires, slug: "", vendors: [], chosen: [], comparison: null };
  if (!parsed.ok) return data({ ...empty, error: parsed.message }, { status: 400 });
  const query = parsed.value;
  const slug = query.questionnaire ?? "";
  if (slug && !questionnaires.some((q) => q.slug === slug) && query.assessment.length === 0) {
    return data(
      { ...empty, slug, error: `No submitted assessment uses the questionnaire “${slug}”.` },
      { status: 400 },
    );
  }
  const vendors = slug ? await listComparableVendors(db, slug) : [];
  const base = { questionnaires, slug, vendors, chosen: query.vendor };
  if (!wantsComparison(query)) return { ...base, error: null, comparison: null };
  const selection = await selectForComparison(db, {
    slug: slug || undefined,
    vendorIds: query.vendor,
    assessmentIds: query.assessment,
  });
  if (!selection.ok) {
    return data({ ...base, error: selection.message, comparison: null }, { status: 400 });
  }
  return { ...base, error: null, comparison: buildComparison(selection.entries) };
}

export default function ComparePage() {
  const { questionnaires, slug, vendors, chosen, comparison, error } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1>Compare vendors</h1>
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="compare-error-title">
          <h2 id="compare-error-title">These vendors cannot be compared</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <Form method="get" className="panel" aria-labelledby="choose-title">
        <h2 id="choose-title">Choose what to compare</h2>
        {questionnaires.length === 0 ? (
          <p>No assessment has been submitted yet, so there is nothing to compare.</p>
        ) : (
          <>
            <div className="inline-form">
              <SelectField
                label="Questionnaire"
                name="questionnaire"
                defaultValue={slug}
                options={[
                  { value: "", label: "Choose a questionnaire" },
                  ...questionnaires.map((q) => ({
                    value: q.slug,
                    label: `${q.title} (${q.vendors} vendor${q.vendors === 1 ? "" : "s"})`,
                  })),
                ]}
              />
              <div className="field">
                <button type="submit" className="button--secondary">
                  Show vendors
                </button>
              </div>
            </div>
            {vendors.length > 0 ? (
              <fieldset className="field">
                <legend>Vendors (choose 2 to {MAX_COMPARED})</legend>
                <p className="hint">
                  Each vendor&apos;s latest submitted assessment on any version of this
                  questionnaire.
                </p>
                <ul className="checkbox-list">
                  {vendors.map((v) => (
                    <li key={v.vendorId}>
                      <input
                        type="checkbox"
                        name="vendor"
                        value={v.vendorId}
                        id={`vendor-${v.vendorId}`}
                        defaultChecked={chosen.includes(v.vendorId)}
                      />{" "}
                      <label htmlFor={`vendor-${v.vendorId}`}>
                        {v.vendorName}{" "}
                        <span className="hint">
                          (version {v.version}, submitted {v.submittedOn})
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                <button type="submit" name="compare" value="1">
                  Compare
                </button>
              </fieldset>
            ) : null}
          </>
        )}
      </Form>
      {comparison ? <ComparisonView c={comparison} /> : null}
    </>
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
      <h2>
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
