// The dashboard's numbers as rows: each with the link to the list behind it. Used by the page
// and by its export, so both show the same figures. Pure.
import { SEVERITY_LABELS } from "~/questionnaire/labels";
import { type Dashboard } from "./dashboard.server";
import {
  ACCEPTANCE_EXPIRY_DAYS,
  addDays,
  AGE_BUCKETS,
  binLabel,
  DUE_SOON_DAYS,
  hrefWith,
  OPEN_FINDING_STATUSES,
  type PortfolioFilter,
} from "./filters";

export type Figure = { section: string; group: string; count: number; link: string };

/** Every number on the page, as the export lists them. */
export function figures(d: Dashboard, filter: PortfolioFilter): Figure[] {
  const rows: Figure[] = [
    {
      section: "Vendors",
      group: "With a submitted assessment",
      count: d.vendors,
      link: hrefWith("/assessments", filter, { latest: "1" }),
    },
  ];
  for (const { tier, count } of d.byRating) {
    rows.push({
      section: "Risk rating",
      group: tier,
      count,
      link: hrefWith("/assessments", filter, { latest: "1", rating: tier }),
    });
  }
  for (const { tier, count } of d.byResidual) {
    rows.push({
      section: "Residual tier",
      group: tier,
      count,
      link: hrefWith("/assessments", { ...filter, tier }, { latest: "1" }),
    });
  }
  d.bins.forEach((count, bin) => {
    rows.push({
      section: "Score distribution",
      group: binLabel(bin),
      count,
      link: hrefWith("/assessments", filter, {
        latest: "1",
        scoreMin: bin * 10,
        scoreBelow: bin === d.bins.length - 1 ? undefined : bin * 10 + 10,
      }),
    });
  });
  if (d.notScored > 0) {
    rows.push({
      section: "Score distribution",
      group: "Not scored",
      count: d.notScored,
      link: hrefWith("/assessments", filter, { latest: "1", notScored: "1" }),
    });
  }
  for (const f of d.findings) {
    rows.push({
      section: "Open findings",
      group: SEVERITY_LABELS[f.severity],
      count: f.open,
      link: findingsHref(filter, { severity: f.severity }),
    });
    AGE_BUCKETS.forEach((bucket, i) => {
      rows.push({
        section: `Open findings, ${SEVERITY_LABELS[f.severity].toLowerCase()}`,
        group: `Open ${bucket.label}`,
        count: f.ages[i] ?? 0,
        link: findingsHref(filter, {
          severity: f.severity,
          ageMin: bucket.min,
          ageMax: bucket.max,
        }),
      });
    });
  }
  rows.push(
    {
      section: "Needs attention",
      group: "Overdue assessments",
      count: d.overdueAssessments,
      link: hrefWith("/assessments", filter, { overdue: "1" }),
    },
    {
      section: "Needs attention",
      group: `Assessments due in the next ${DUE_SOON_DAYS} days`,
      count: d.dueSoonAssessments,
      link: hrefWith("/assessments", filter, { dueSoon: "1" }),
    },
    {
      section: "Needs attention",
      group: "Overdue remediations",
      count: d.overdueRemediations,
      link: findingsHref(filter, { overdue: "1" }),
    },
    {
      section: "Needs attention",
      group: `Risk acceptances expiring within ${ACCEPTANCE_EXPIRY_DAYS} days`,
      count: d.acceptancesExpiring,
      link: findingsHref(filter, {
        status: ["risk_accepted"],
        acceptanceExpiresBefore: addDays(d.today, ACCEPTANCE_EXPIRY_DAYS + 1),
      }),
    },
  );
  return rows;
}

/**
 * A link into the findings register. Its own parameters (severity, status, overdue, ageMin,
 * ageMax, acceptanceExpiresBefore, questionnaire) plus the dashboard's vendor filters.
 */
export function findingsHref(
  filter: PortfolioFilter,
  extra: {
    severity?: string;
    status?: readonly string[];
    overdue?: string;
    ageMin?: number;
    ageMax?: number;
    acceptanceExpiresBefore?: string;
  },
): string {
  const { status = OPEN_FINDING_STATUSES, ...rest } = extra;
  // On the register, "owner" is the finding's owner; the vendor's owner is "vendorOwner".
  const { owner, ...vendorFilters } = filter;
  return hrefWith("/findings", vendorFilters, { ...rest, status, vendorOwner: owner });
}
