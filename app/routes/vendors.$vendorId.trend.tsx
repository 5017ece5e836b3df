// One vendor over time: its submitted assessments' scores (at submission and now), and what
// changed between any two of its assessments on the same questionnaire.
import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { type Change } from "~/compare/compare";
import { formatCredit, formatScore } from "~/format";
import { getVendorTrend, type TrendPoint } from "~/compare/compare.server";
import { type Diff, loadDiff } from "~/compare/trend.server";
import { parseTrendQuery } from "~/compare/trend-query";
import { BRAND, LineChart, MUTED } from "~/components/charts";
import { EvidenceFiles } from "~/components/evidence-files";
import { ExportLinks } from "~/components/export-links";
import { SelectField } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { TierTag } from "~/components/tier-tag";
import { type Tier } from "~/scoring/risk";
import portfolioStyles from "~/styles/portfolio.css?url";
import { requireVendorParam } from "~/vendors/vendor-param.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portfolioStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Trend: ${data.vendor.name} — Assay` : "Trend — Assay" },
  {
    name: "description",
    content: "A vendor's scores over its assessments, and what changed between them.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "assessments:read" }, context);
  const { db, vendor } = await requireVendorParam(params);
  const points = await getVendorTrend(db, vendor.id);
  const base = { vendor: { id: vendor.id, name: vendor.name }, points };
  const parsed = parseTrendQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return data({ ...base, error: parsed.message, diff: null }, { status: 400 });
  const diff = await loadDiff(db, points, parsed.value);
  if ("error" in diff) return data({ ...base, error: diff.error, diff: null }, { status: 400 });
  return { ...base, error: null, diff: diff.diff };
}

const CHANGE_LABELS: Record<Change, string> = {
  better: "Better",
  worse: "Worse",
  changed: "Changed, same credit",
  added: "New question",
  removed: "Question removed",
  same: "Unchanged",
};

function label(p: TrendPoint): string {
  return `${p.submittedOn} · ${p.title} ${p.version}`;
}

export default function VendorTrendPage() {
  const { vendor, points, diff, error } = useLoaderData<typeof loader>();
  const first = points[0];
  const last = points.at(-1);
  const summary =
    first && last && points.length > 1
      ? `Line chart of ${points.length} submitted assessments from ${first.submittedOn} to ${last.submittedOn}: the score at submission went from ${formatScore(first.submittedOverall)} to ${formatScore(last.submittedOverall)}, and the current score is ${formatScore(last.currentOverall)}. The table below has every number.`
      : `Line chart of ${points.length} submitted assessment${points.length === 1 ? "" : "s"}. The table below has the numbers.`;
  return (
    <>
      <p>
        <Link to={`/vendors/${vendor.id}`}>Back to {vendor.name}</Link>
      </p>
      <h1>Trend: {vendor.name}</h1>
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="trend-error-title">
          <h2 id="trend-error-title">These assessments cannot be compared</h2>
          <p>{error}</p>
        </div>
      ) : null}
      <section className="panel" aria-labelledby="scores-title">
        <h2 id="scores-title">Scores over time</h2>
        {points.length === 0 ? (
          <p>{vendor.name} has no submitted assessment yet.</p>
        ) : (
          <>
            <p className="hint">
              The score at submission never changes; the current score counts verified remediations
              at full credit.
            </p>
            <LineChart
              summary={summary}
              tableId="trend-table"
              labels={points.map((p) => `${p.submittedOn} (${p.version})`)}
              series={[
                {
                  label: "Score at submission",
                  values: points.map((p) => p.submittedOverall),
                  colour: MUTED,
                  dashed: true,
                },
                {
                  label: "Current score",
                  values: points.map((p) => p.currentOverall),
                  colour: BRAND,
                },
              ]}
            />
            <ScrollRegion label="Scores over time table">
              <table id="trend-table">
                <thead>
                  <tr>
                    <th scope="col">Submitted</th>
                    <th scope="col">Questionnaire</th>
                    <th scope="col" className="num">
                      At submission
                    </th>
                    <th scope="col" className="num">
                      Current
                    </th>
                    <th scope="col">Residual tier</th>
                    <th scope="col">Risk rating</th>
                    <th scope="col" className="num">
                      Knockouts
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {points.map((p) => (
                    <tr key={p.assessmentId}>
                      <th scope="row">
                        <Link to={`/assessments/${p.assessmentId}/result`}>{p.submittedOn}</Link>
                      </th>
                      <td>
                        {p.title} {p.version}
                      </td>
                      <td className="num">{formatScore(p.submittedOverall)}</td>
                      <td className="num">{formatScore(p.currentOverall)}</td>
                      <td>
                        {p.residualTier ? <TierTag tier={p.residualTier as Tier} /> : "Not scored"}
                      </td>
                      <td>{p.riskRating ? <TierTag tier={p.riskRating as Tier} /> : "None"}</td>
                      <td className="num">{p.knockouts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <ExportLinks what="these scores" path={`/vendors/${vendor.id}/trend/export`} />
          </>
        )}
      </section>

      {points.length >= 2 ? (
        <section className="panel" aria-labelledby="diff-title">
          <h2 id="diff-title">What changed between two assessments</h2>
          <Form method="get" className="inline-form">
            <SelectField
              label="From"
              name="from"
              defaultValue={diff?.from.assessmentId ?? points.at(-2)!.assessmentId}
              options={points.map((p) => ({ value: p.assessmentId, label: label(p) }))}
            />
            <SelectField
              label="To"
              name="to"
              defaultValue={diff?.to.assessmentId ?? points.at(-1)!.assessmentId}
              options={points.map((p) => ({ value: p.assessmentId, label: label(p) }))}
            />
            <div className="field">
              <button type="submit">Show changes</button>
            </div>
          </Form>
          {diff ? <DiffView diff={diff} vendorId={vendor.id} /> : null}
        </section>
      ) : null}
    </>
  );
}

function DiffView({ diff, vendorId }: { diff: Diff; vendorId: string }) {
  const { counts } = diff;
  return (
    <>
      <p role="status">
        From {label(diff.from)} to {label(diff.to)}: {counts.better} better, {counts.worse} worse,{" "}
        {counts.changed} changed at the same credit, {counts.added} new, {counts.removed} removed,{" "}
        {counts.same} unchanged. Overall {formatScore(diff.from.submittedOverall)} →{" "}
        {formatScore(diff.to.submittedOverall)} at submission.
      </p>
      {diff.rows.length > 0 ? (
        <ScrollRegion label="Changed answers">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Change</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col" className="num">
                  Credit before
                </th>
                <th scope="col" className="num">
                  Credit after
                </th>
              </tr>
            </thead>
            <tbody>
              {diff.rows.map((r) => (
                <tr key={r.questionId}>
                  <th scope="row">
                    {r.text}
                    <span className="cell-note hint">
                      {" "}
                      {r.sectionTitle} · <code>{r.questionId}</code>
                    </span>
                  </th>
                  <td className={`change-${r.change}`}>{CHANGE_LABELS[r.change]}</td>
                  <td>
                    {r.before ?? `Not in version ${diff.from.version}`}
                    <EvidenceFiles
                      files={diff.evidence.before[r.questionId] ?? []}
                      label={`Evidence files before: ${r.text}`}
                    />
                  </td>
                  <td>
                    {r.after ?? `Not in version ${diff.to.version}`}
                    <EvidenceFiles
                      files={diff.evidence.after[r.questionId] ?? []}
                      label={`Evidence files after: ${r.text}`}
                    />
                  </td>
                  <td className="num">{formatCredit(r.creditBefore)}</td>
                  <td className="num">{formatCredit(r.creditAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <ExportLinks what="these changes" path={`/vendors/${vendorId}/trend/diff-export`} />
    </>
  );
}
