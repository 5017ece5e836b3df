import { eq, inArray } from "drizzle-orm";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { cachedPortfolio, type RevisionSnapshot } from "~/dashboard/portfolio-cache.server";
import { type Db, preparedQuery, schema } from "~/db.server";
import {
  DEFAULT_SETTINGS,
  ORGANISATION_NOT_SET,
  organisationIsSet,
  type Settings,
  SettingsSchema,
} from "./settings";

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Stored values over the defaults; a stored value that no longer parses falls back to its default. */
// Built once (docs/decisions/413-queries-built-once.md).
const storedSettings = preparedQuery([], (db) =>
  db
    .select()
    .from(schema.appSettings)
    .where(inArray(schema.appSettings.key, KEYS))
    .prepare("stored_settings"),
);

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await storedSettings(db, {});
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of KEYS) {
    if (!(key in stored)) continue;
    const parsed = SettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
}

/**
 * `getSettings`, kept against the portfolio revision, which moves whenever a setting is written
 * (migration 0022, docs/decisions/438-kept-filter-choices.md). For pages, with the request's
 * revisions (`requestRevisions`); shared between requests: callers must not mutate it.
 */
export function keptSettings(db: Db, revisions?: RevisionSnapshot): Promise<Settings> {
  return cachedPortfolio(db, "settings", getSettings, "portfolio_revision", undefined, revisions);
}

export async function updateSettings(
  db: Db,
  actor: Actor & { id: string },
  next: Settings,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getSettings(tx);
    const changed = KEYS.filter((k) => before[k] !== next[k]);
    if (changed.length === 0) return;
    for (const key of changed) {
      await tx
        .insert(schema.appSettings)
        .values({ key, value: next[key], updatedBy: actor.id })
        .onConflictDoUpdate({
          target: schema.appSettings.key,
          set: { value: next[key], updatedBy: actor.id, updatedAt: new Date() },
        });
    }
    await recordAudit(tx, {
      actor,
      action: "settings.updated",
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
  });
}

/**
 * Password sign-in may be limited to the break-glass admin only when single sign-on is set up
 * and that address is an active admin with a password: the setting can never lock everyone
 * out (docs/decisions/213-local-passwords-break-glass.md).
 */
export async function checkSignInSettings(
  db: Db,
  next: Pick<Settings, "passwordSignIn" | "breakGlassEmail">,
  ssoConfigured: boolean,
): Promise<Record<string, string> | null> {
  if (next.passwordSignIn !== "break_glass_only") return null;
  if (!ssoConfigured) {
    return {
      passwordSignIn:
        "Single sign-on is not set up, so password sign-in cannot be turned off. Set it up first (Admin → Single sign-on).",
    };
  }
  if (!next.breakGlassEmail) {
    return { breakGlassEmail: "Enter the break-glass admin's email address" };
  }
  const [user] = await db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, next.breakGlassEmail))
    .limit(1);
  if (!user || user.role !== "admin" || user.status !== "active" || !user.passwordHash) {
    return {
      breakGlassEmail: "The break-glass address must belong to an active admin who has a password",
    };
  }
  return null;
}

/**
 * Where a member of staff goes after signing in: an admin of an Assay whose organisation is not
 * yet named is asked for its name and vendor contact first
 * (docs/decisions/270-organisation-identity.md).
 */
export async function afterSignIn(
  db: Db,
  user: { role: string },
  redirectTo: string,
): Promise<string> {
  if (user.role !== "admin" || organisationIsSet(await getSettings(db))) return redirectTo;
  return `/admin/organisation?redirectTo=${encodeURIComponent(redirectTo)}`;
}

/** The refusal a vendor-facing action gives while the organisation is not named, or null. */
export async function organisationNotSet(db: Db): Promise<string | null> {
  return organisationIsSet(await getSettings(db)) ? null : ORGANISATION_NOT_SET;
}
