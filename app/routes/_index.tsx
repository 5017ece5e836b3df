import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAuditEvents } from "~/audit/audit.server";
import { canReview, ROLE_LABELS, ROLES } from "~/auth/permissions";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { formatDay } from "~/format";
import { AuditTable } from "~/components/audit-table";
import { TierTag } from "~/components/tier-tag";
import { VendorTable } from "~/components/vendor-table";
import { type Db, getDb } from "~/db.server";
import { getMyWork } from "~/findings/my-work.server";
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";
import { listFailedMail } from "~/mail/mail.server";
import { getSettings } from "~/settings/settings.server";
import { countUsersByRole } from "~/users/users.server";
import { countVendors, countVendorsByTier, searchVendors } from "~/vendors/vendors.server";

export const meta: MetaFunction = () => [
  { title: "Home — Assay" },
  {
    name: "description",
    content: "Your work in Assay: assessments to review, findings due and recent activity.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, {}, context);
  const db = await getDb();
  const [work, failedMail] = await Promise.all([
    getMyWork(db, user, { mayReview: canReview(user, await getSettings(db)) }),
    listFailedMail(db, user),
  ]);
  return { work, failedMail, ...(await roleHome(db, user)) };
}

/** Rows of the vendor table on the home page; the vendor list pages through the rest. */
const HOME_VENDOR_ROWS = 20;

// Counts and one short page of vendors, all in SQL: the home page stays the same size with
// 10,000 vendors.
async function roleHome(db: Db, user: SessionUser) {
  if (user.role === "admin") {
    const [counts, audit, vendorCount] = await Promise.all([
      countUsersByRole(db),
      listAuditEvents(db, { limit: 10, names: true }),
      countVendors(db),
    ]);
    return {
      role: "admin" as const,
      user,
      counts,
      events: audit.events,
      names: audit.names,
      vendorCount,
    };
  }
  if (user.role === "risk_officer") {
    const [byTier, riskiest] = await Promise.all([
      countVendorsByTier(db),
      searchVendors(db, { sort: "tier", dir: "desc", pageSize: HOME_VENDOR_ROWS }),
    ]);
    return {
      role: "risk_officer" as const,
      user,
      byTier,
      vendors: riskiest.vendors,
      total: riskiest.total,
    };
  }
  const [all, mine] = await Promise.all([
    searchVendors(db, { pageSize: HOME_VENDOR_ROWS }),
    searchVendors(db, { owner: user.id, pageSize: 1 }),
  ]);
  return {
    role: "procurement" as const,
    user,
    vendors: all.vendors,
    total: all.total,
    mine: mine.total,
  };
}

export default function Home() {
  const home = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Welcome, {home.user.name}</h1>
      <p className="lede">Signed in as {ROLE_LABELS[home.user.role]}.</p>
      <FailedMail mails={home.failedMail} admin={home.role === "admin"} />
      <MyWork work={home.work} />
      {home.role === "admin" ? <AdminHome {...home} /> : null}
      {home.role === "procurement" ? <ProcurementHome {...home} /> : null}
      {home.role === "risk_officer" ? <RiskHome {...home} /> : null}
    </>
  );
}

type HomeData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Mail that failed for good, for the owner of what it was about and for admins (decision 140). */
function FailedMail({ mails, admin }: { mails: HomeData["failedMail"]; admin: boolean }) {
  if (mails.length === 0) return null;
  return (
    <section className="panel panel--warning" aria-labelledby="failed-mail-title">
      <h2 id="failed-mail-title">Mail that could not be delivered</h2>
      <ul>
        {mails.map((m) => (
          <li key={m.id}>
            “{m.subject}” to {m.to}
            {m.vendorName && m.assessmentId ? (
              <>
                {" "}
                (<Link to={`/assessments/${m.assessmentId}`}>{m.vendorName}</Link>)
              </>
            ) : null}
            : {m.attempts} {m.attempts === 1 ? "attempt" : "attempts"}, last error{" "}
            <code>{m.lastError}</code>
          </li>
        ))}
      </ul>
      <p>
        {admin ? (
          <Link to="/outbox?status=failed">Retry them from the outbox</Link>
        ) : (
          "Check the address and resend the link from the assessment, or ask an admin to retry the mail."
        )}
      </p>
    </section>
  );
}

function MyWork({ work }: { work: HomeData["work"] }) {
  return (
    <section aria-labelledby="my-work-heading" className="panel">
      <h2 id="my-work-heading">My work</h2>
      <h3>Reviews</h3>
      {work.reviews.length === 0 ? (
        <p>No assessments are waiting for your review.</p>
      ) : (
        <ul className="work-list">
          {work.reviews.map((r) => (
            <li key={r.id}>
              <Link to={`/assessments/${r.id}/review`}>
                {r.vendorName}: {r.questionnaire}
              </Link>{" "}
              — {r.status === "submitted" ? "submitted, not started" : "in review"}
              {r.mine ? "" : " (unassigned)"}
              {r.waiting > 0
                ? `, ${r.waiting} clarified answer${r.waiting === 1 ? "" : "s"} to check`
                : ""}
            </li>
          ))}
        </ul>
      )}
      <h3>Findings I own</h3>
      {work.findings.length === 0 ? (
        <p>You own no open findings.</p>
      ) : (
        <ul className="work-list">
          {work.findings.map((f) => (
            <li key={f.id}>
              {f.overdue ? <strong className="overdue">Overdue: </strong> : null}
              <Link to={`/findings/${f.id}`}>{f.title}</Link> ({f.vendorName}) —{" "}
              {SEVERITY_LABELS[f.severity]}, {FINDING_STATUS_LABELS[f.status].toLowerCase()}, due{" "}
              {formatDay(f.dueDate)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/findings?owner=me&status=open_any">All my open findings</Link>
      </p>
    </section>
  );
}

function AdminHome(home: Extract<HomeData, { role: "admin" }>) {
  const total = (filter: (c: (typeof home.counts)[number]) => boolean) =>
    home.counts.filter(filter).reduce((sum, c) => sum + c.count, 0);
  return (
    <>
      <section className="grid" aria-label="Summary">
        <div className="panel">
          <p className="stat">{total((c) => c.status === "active")}</p>
          <p className="stat-label">active users</p>
        </div>
        <div className="panel">
          <p className="stat">{total((c) => c.status === "invited")}</p>
          <p className="stat-label">invitations pending</p>
        </div>
        <div className="panel">
          <p className="stat">{home.vendorCount}</p>
          <p className="stat-label">vendors</p>
        </div>
      </section>
      <section className="panel">
        <h2>Users by role</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col" className="num">
                Active
              </th>
              <th scope="col" className="num">
                Invited
              </th>
              <th scope="col" className="num">
                Deactivated
              </th>
            </tr>
          </thead>
          <tbody>
            {ROLES.map((role) => (
              <tr key={role}>
                <th scope="row">{ROLE_LABELS[role]}</th>
                {(["active", "invited", "deactivated"] as const).map((status) => (
                  <td key={status} className="num">
                    {total((c) => c.role === role && c.status === status)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="actions">
          <Link to="/admin/users">Manage users</Link>
          <Link to="/admin/users/new">Invite a user</Link>
        </p>
      </section>
      <section className="panel">
        <h2>Recent activity</h2>
        <AuditTable events={home.events} names={home.names} />
        <p>
          <Link to="/admin/audit">Open the audit log</Link>
        </p>
      </section>
    </>
  );
}

function ProcurementHome(home: Extract<HomeData, { role: "procurement" }>) {
  return (
    <>
      <section className="grid" aria-label="Summary">
        <div className="panel">
          <p className="stat">{home.total}</p>
          <p className="stat-label">active vendors</p>
        </div>
        <div className="panel">
          <p className="stat">
            <Link to={`/vendors?owner=${home.user.id}`}>{home.mine}</Link>
          </p>
          <p className="stat-label">vendors you own</p>
        </div>
      </section>
      <section className="panel">
        <h2>Vendors</h2>
        <VendorTable vendors={home.vendors} />
        <MoreVendors shown={home.vendors.length} total={home.total} to="/vendors" />
      </section>
    </>
  );
}

function RiskHome(home: Extract<HomeData, { role: "risk_officer" }>) {
  return (
    <>
      <section className="grid" aria-label="Vendors by inherent risk">
        {home.byTier.map(({ tier, count }) => (
          <div className="panel" key={tier}>
            <p className="stat">{count}</p>
            <p className="stat-label">
              <TierTag tier={tier} /> inherent risk
            </p>
          </div>
        ))}
      </section>
      <section className="panel">
        <h2>Vendors, riskiest first</h2>
        <p className="hint">
          Inherent risk comes from each vendor&apos;s profile (data access and business
          criticality). Residual risk appears once assessments are scored.
        </p>
        <VendorTable vendors={home.vendors} />
        <MoreVendors shown={home.vendors.length} total={home.total} to="/vendors?sort=tier" />
      </section>
    </>
  );
}

function MoreVendors({ shown, total, to }: { shown: number; total: number; to: string }) {
  if (shown >= total) return null;
  return (
    <p>
      Showing {shown} of {total}. <Link to={to}>See all {total} vendors</Link>
    </p>
  );
}
