// The dashboard's figures: each number links to the list behind it, with the same filters.
// Its charts are SVG drawn on the server (decision 262): no chart code reaches this page.
import { BRAND, TIER_COLOURS } from "~/components/chart-colours";
import { ExportLinks } from "~/components/export-links";
import { RowLink } from "~/components/row-link";
import { ScrollRegion } from "~/components/scroll-region";
import { SvgBarChart } from "~/components/svg-bar-chart";
import { TierTag } from "~/components/tier-tag";
import { type Dashboard } from "~/dashboard/dashboard.server";
import { AGE_BUCKETS, binLabel, type PortfolioFilter, SEVERITY_ORDER } from "~/dashboard/filters";
import { figures, findingsHref } from "~/dashboard/figures";
import { SEVERITY_LABELS } from "~/questionnaire/labels";
import { formatScore } from "~/format";
import { type TIERS } from "~/scoring/risk";

// A plain anchor that navigates in the browser through the dashboard's one listener
// (useRowLinks in the route): a Remix <Link> each cost the page ~0.4 ms of server CPU
// (docs/decisions/419-dashboard-figure-links.md).
function CountLink({ count, href, label }: { count: number; href: string; label: string }) {
  return (
    <RowLink to={href as `/${string}`} aria-label={`${count}: ${label}`}>
      {count}
    </RowLink>
  );
}

export function Figures({
  d,
  filter,
  failedMail,
}: {
  d: Dashboard;
  filter: PortfolioFilter;
  failedMail: { count: number; admin: boolean };
}) {
  const all = figures(d, filter);
  const find = (section: string, group: string) =>
    all.find((f) => f.section === section && f.group === group)!;
  const dated = filter.from || filter.to;
  return (
    <>
      <p className="hint">
        A vendor counts with the current score (after verified remediation) of its latest submitted
        assessment
        {filter.questionnaire ? " on this questionnaire" : ""}
        {dated ? ", submitted in the chosen dates; findings count when opened in those dates" : ""}.
        Overdue and due-soon counts are as of today, {d.today}.
      </p>
      <ul className="stats" aria-label="Key figures">
        <li className="stat-card">
          <span className="stat">
            <CountLink
              count={d.vendors}
              href={find("Vendors", "With a submitted assessment").link}
              label="vendors with a submitted assessment"
            />
          </span>
          <span className="stat-label">vendors with a submitted assessment</span>
        </li>
        <li className="stat-card">
          <span className="stat">{formatScore(d.meanScore)}</span>
          <span className="stat-label">mean current score</span>
        </li>
        <li className="stat-card">
          <span className="stat">{d.withKnockouts}</span>
          <span className="stat-label">with a knockout answer</span>
        </li>
        <li className="stat-card">
          <span className="stat">{d.openFindings}</span>
          <span className="stat-label">open findings</span>
        </li>
      </ul>

      <div className="dashboard-grid">
        <TierPanel
          id="ratings"
          title="Vendors by risk rating"
          rows={d.byRating.map(({ tier, count }) => ({
            tier,
            count,
            href: find("Risk rating", tier).link,
          }))}
          total={d.vendors}
        />
        <TierPanel
          id="residual"
          title="Vendors by residual tier"
          rows={d.byResidual.map(({ tier, count }) => ({
            tier,
            count,
            href: find("Residual tier", tier).link,
          }))}
          total={d.vendors}
        />
      </div>

      <section className="panel" aria-labelledby="distribution-title">
        <h2 id="distribution-title">Score distribution</h2>
        <SvgBarChart
          summary={`Bar chart of ${d.vendors} vendors by current overall score in bins of 10 points; the table below has the numbers.`}
          tableId="distribution-table"
          labels={d.bins.map((_, bin) => binLabel(bin))}
          values={d.bins}
          colours={BRAND}
        />
        <details>
          <summary>Table of the score distribution</summary>
          <ScrollRegion label="Score distribution table">
            <table id="distribution-table">
              <thead>
                <tr>
                  <th scope="col">Overall score</th>
                  <th scope="col" className="num">
                    Vendors
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.bins.map((count, bin) => (
                  <tr key={bin}>
                    <th scope="row">{binLabel(bin)}</th>
                    <td className="num">
                      <CountLink
                        count={count}
                        href={find("Score distribution", binLabel(bin)).link}
                        label={`vendors scoring ${binLabel(bin)}`}
                      />
                    </td>
                  </tr>
                ))}
                {d.notScored > 0 ? (
                  <tr>
                    <th scope="row">Not scored</th>
                    <td className="num">
                      <CountLink
                        count={d.notScored}
                        href={find("Score distribution", "Not scored").link}
                        label="vendors not scored"
                      />
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </ScrollRegion>
        </details>
      </section>

      <section className="panel" aria-labelledby="findings-title">
        <h2 id="findings-title">Open findings by severity and age</h2>
        <p className="hint">
          Open means not yet verified or risk-accepted. Age is days since the finding was opened.
        </p>
        <ScrollRegion label="Open findings by severity and age">
          <table id="findings-table">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col" className="num">
                  Open
                </th>
                {AGE_BUCKETS.map((b) => (
                  <th scope="col" className="num" key={b.key}>
                    {b.label}
                  </th>
                ))}
                <th scope="col" className="num">
                  Overdue
                </th>
              </tr>
            </thead>
            <tbody>
              {SEVERITY_ORDER.map((severity) => {
                const f = d.findings.find((x) => x.severity === severity)!;
                const label = SEVERITY_LABELS[severity];
                return (
                  <tr key={severity}>
                    <th scope="row">
                      <span className={`tag severity-${severity}`}>{label}</span>
                    </th>
                    <td className="num">
                      <CountLink
                        count={f.open}
                        href={find("Open findings", label).link}
                        label={`open ${severity} findings`}
                      />
                    </td>
                    {AGE_BUCKETS.map((b, i) => (
                      <td className="num" key={b.key}>
                        <CountLink
                          count={f.ages[i] ?? 0}
                          href={
                            find(`Open findings, ${label.toLowerCase()}`, `Open ${b.label}`).link
                          }
                          label={`open ${severity} findings, ${b.label} old`}
                        />
                      </td>
                    ))}
                    <td className="num">
                      <CountLink
                        count={f.overdue}
                        href={findingsHref(filter, { severity, overdue: "1" })}
                        label={`overdue ${severity} findings`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="panel" aria-labelledby="attention-title">
        <h2 id="attention-title">Needs attention</h2>
        <ul className="stats">
          {all
            .filter((f) => f.section === "Needs attention")
            .map((f) => (
              <li className="stat-card" key={f.group}>
                <span className="stat">
                  <CountLink count={f.count} href={f.link} label={f.group} />
                </span>
                <span className="stat-label">{f.group}</span>
              </li>
            ))}
          <li className="stat-card">
            <span className="stat">
              <CountLink
                count={failedMail.count}
                href={failedMail.admin ? "/outbox?status=failed" : "/#failed-mail-title"}
                label="Mails that could not be delivered"
              />
            </span>
            <span className="stat-label">Mails that could not be delivered</span>
          </li>
        </ul>
      </section>
      <ExportLinks what="every figure on this page" path="/dashboard/export" />
    </>
  );
}

function TierPanel({
  id,
  title,
  rows,
  total,
}: {
  id: string;
  title: string;
  rows: { tier: (typeof TIERS)[number]; count: number; href: string }[];
  total: number;
}) {
  const top = [...rows].sort((a, b) => b.count - a.count)[0];
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <SvgBarChart
        className="chart chart--small"
        summary={`Bar chart of ${total} vendors by ${title.replace("Vendors by ", "")}${top && top.count > 0 ? `; most are ${top.tier} (${top.count})` : ""}. The table has the numbers.`}
        tableId={`${id}-table`}
        labels={rows.map((r) => r.tier)}
        values={rows.map((r) => r.count)}
        colours={rows.map((r) => TIER_COLOURS[r.tier])}
        width={400}
        height={220}
      />
      <table id={`${id}-table`}>
        <thead>
          <tr>
            <th scope="col">
              {title.replace("Vendors by ", "").replace(/^./, (c) => c.toUpperCase())}
            </th>
            <th scope="col" className="num">
              Vendors
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.tier}>
              <th scope="row">
                <TierTag tier={r.tier} />
              </th>
              <td className="num">
                <CountLink
                  count={r.count}
                  href={r.href}
                  label={`vendors, ${title.replace("Vendors by ", "")} ${r.tier}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
