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
  "vendors:read": ["admin", "procurement", "risk_officer"],
  "questionnaires:read": ["admin", "procurement", "risk_officer"],
  "assessments:read": ["admin", "procurement", "risk_officer"],
  "assessments:manage": ["admin", "procurement"],
  "vendors:manage": ["admin", "procurement"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function can(user: { role: Role } | null | undefined, permission: Permission): boolean {
  return !!user && (GRANTS[permission] as readonly Role[]).includes(user.role);
}

export type NavItem = { to: string; label: string };

/** The navigation a role sees, in order. */
export function navigationFor(user: { role: Role }): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "Home" }];
  if (can(user, "vendors:read")) items.push({ to: "/vendors", label: "Vendors" });
  if (can(user, "assessments:read")) items.push({ to: "/assessments", label: "Assessments" });
  if (can(user, "questionnaires:read"))
    items.push({ to: "/questionnaires", label: "Questionnaires" });
  if (can(user, "users:manage")) items.push({ to: "/admin/users", label: "Users" });
  if (can(user, "audit:read")) items.push({ to: "/admin/audit", label: "Audit log" });
  if (can(user, "outbox:read")) items.push({ to: "/outbox", label: "Outbox" });
  if (can(user, "settings:manage")) items.push({ to: "/admin/settings", label: "Settings" });
  return items;
}
