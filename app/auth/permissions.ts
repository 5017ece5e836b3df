// Who may do what. The same function guards loaders and actions on the server and hides
// what a user cannot use in the UI, so the two never disagree.
export const ROLES = ["admin", "procurement", "risk_officer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  procurement: "Procurement",
  risk_officer: "Risk officer",
};

const GRANTS = {
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  "settings:manage": ["admin"],
  "outbox:read": ["admin"],
  // Sending a failed mail again (docs/decisions/140-mail-outbox.md).
  "outbox:retry": ["admin"],
  "vendors:read": ["admin", "procurement", "risk_officer"],
  "questionnaires:read": ["admin", "procurement", "risk_officer"],
  // Writing, publishing and retiring questionnaires in the app (decision 220); risk officers
  // see drafts and published versions but do not change them.
  "questionnaires:author": ["admin", "procurement"],
  "assessments:read": ["admin", "procurement", "risk_officer"],
  "assessments:manage": ["admin", "procurement"],
  "vendors:manage": ["admin", "procurement"],
  "dashboard:read": ["admin", "procurement", "risk_officer"],
  "findings:read": ["admin", "procurement", "risk_officer"],
  // Work on findings: owners, due dates, comments, status changes short of risk acceptance.
  "findings:manage": ["admin", "procurement", "risk_officer"],
  // Accepting a risk needs the risk-officer role (docs/decisions/090-remediation-lifecycle.md).
  "risks:accept": ["risk_officer"],
  // Reviewing submitted answers; procurement too when the setting allows (canReview).
  "reviews:perform": ["risk_officer"],
  "api_tokens:manage": ["admin"],
  "webhooks:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function can(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!user && (GRANTS[permission] as readonly Role[]).includes(user.role);
}

/** Reviewing is the risk officers' job; procurement may when an admin allows it. */
export function canReview(
  user: { role: Role } | null | undefined,
  settings: { procurementCanReview: boolean },
): boolean {
  if (!user) return false;
  return (
    can(user, "reviews:perform") || (user.role === "procurement" && settings.procurementCanReview)
  );
}

export type NavItem = { to: `/${string}`; label: string };

/** The navigation a role sees, in order. */
export function navigationFor(user: { role: Role }): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "My work" }];
  if (can(user, "dashboard:read")) items.push({ to: "/dashboard", label: "Dashboard" });
  if (can(user, "vendors:read")) items.push({ to: "/vendors", label: "Vendors" });
  if (can(user, "assessments:read")) items.push({ to: "/assessments", label: "Assessments" });
  if (can(user, "findings:read")) items.push({ to: "/findings", label: "Findings" });
  if (can(user, "vendors:read")) items.push({ to: "/supply-chain", label: "Supply chain" });
  if (can(user, "assessments:read")) items.push({ to: "/compare", label: "Compare" });
  if (can(user, "questionnaires:read"))
    items.push({ to: "/questionnaires", label: "Questionnaires" });
  if (can(user, "users:manage")) items.push({ to: "/admin/users", label: "Users" });
  if (can(user, "api_tokens:manage")) items.push({ to: "/admin/api-tokens", label: "API tokens" });
  if (can(user, "webhooks:manage")) items.push({ to: "/admin/webhooks", label: "Webhooks" });
  if (can(user, "audit:read")) items.push({ to: "/admin/audit", label: "Audit log" });
  if (can(user, "outbox:read")) items.push({ to: "/outbox", label: "Outbox" });
  if (can(user, "settings:manage")) items.push({ to: "/admin/settings", label: "Settings" });
  return items;
}
