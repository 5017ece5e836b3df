import { inArray } from "drizzle-orm";
import { type Actor, recordAudit } from "~/audit/audit.server";
import { type Db, schema } from "~/db.server";
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from "./settings";

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Stored values over the defaults; a stored value that no longer parses falls back to its default. */
export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db
    .select()
    .from(schema.appSettings)
    .where(inArray(schema.appSettings.key, KEYS));
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of KEYS) {
    if (!(key in stored)) continue;
    const parsed = SettingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
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
