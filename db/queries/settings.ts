import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { auditLog, pipelineStages, quotas, settings, targets, users } from "@/db/schema";
import { NotFoundError, StaleSettingError } from "@/lib/errors";
import { forgetIngestContext } from "./ingest-context-cache";
import { settingDefinitions, type SettingKey, type SettingValue, type TargetMetric } from "@/lib/settings/definitions";

/** A setting's value: the stored one when it is still valid, else the default. */
export async function getSetting<K extends SettingKey>(db: DatabaseOrTransaction, key: K): Promise<SettingValue<K>> {
  const definition = settingDefinitions[key];
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  if (!row) return definition.defaults as SettingValue<K>;
  const parsed = definition.schema.safeParse({ ...definition.defaults, ...(row.value as object) });
  return (parsed.success ? parsed.data : definition.defaults) as SettingValue<K>;
}

/** Flattens a JSON value into dotted paths, so the audit log names each field that changed. */
function leaves(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** Stores a validated setting and audits every field that changed. Returns the number of changes. */
export async function putSetting<K extends SettingKey>(db: DatabaseOrTransaction, key: K, value: SettingValue<K>, actorId: number): Promise<number> {
  const changed = await db.transaction(async (tx) => {
    const before = leaves(await getSetting(tx, key));
    const after = leaves(value);
    const changes = [...after].filter(([path, v]) => before.get(path) !== v);
    if (changes.length === 0) return 0;
    await tx
      .insert(settings)
      .values({ key, value, updatedBy: actorId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actorId, updatedAt: new Date() } });
    await tx.insert(auditLog).values(
      changes.map(([path, v]) => ({ userId: actorId, entity: "setting", entityId: key, field: path, oldValue: before.get(path) ?? null, newValue: v })),
    );
    return changes.length;
  });
  // Once committed, the signal router reads the new values instead of its few-seconds-old copy.
  if (changed > 0) forgetIngestContext(db);
  return changed;
}

/** Sets a company target from a day on (replacing one set for the same day), audited. */
export async function putTarget(db: Database, metric: TargetMetric, effectiveFrom: string, value: string, actorId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ value: targets.value })
      .from(targets)
      .where(and(eq(targets.metric, metric), sql`${targets.effectiveFrom} <= ${effectiveFrom}::date`))
      .orderBy(sql`${targets.effectiveFrom} desc`)
      .limit(1);
    if (current && Number(current.value) === Number(value)) return;
    await tx
      .insert(targets)
      .values({ metric, effectiveFrom, value, updatedBy: actorId })
      .onConflictDoUpdate({ target: [targets.metric, targets.effectiveFrom], set: { value, updatedBy: actorId, updatedAt: new Date() } });
    await tx.insert(auditLog).values({
      userId: actorId,
      entity: "target",
      entityId: metric,
      field: `from ${effectiveFrom}`,
      oldValue: current?.value ?? null,
      newValue: value,
    });
  });
}

/** Sets a rep's quota for a quarter, audited. */
export async function putQuota(db: Database, userId: number, quarterStart: string, amount: string, actorId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ amount: quotas.amount })
      .from(quotas)
      .where(and(eq(quotas.userId, userId), eq(quotas.quarterStart, quarterStart)));
    if (current && Number(current.amount) === Number(amount)) return;
    await tx
      .insert(quotas)
      .values({ userId, quarterStart, amount })
      .onConflictDoUpdate({ target: [quotas.userId, quotas.quarterStart], set: { amount } });
    await tx.insert(auditLog).values({
      userId: actorId,
      entity: "quota",
      entityId: String(userId),
      field: quarterStart,
      oldValue: current?.amount ?? null,
      newValue: amount,
    });
  });
}

/** Every active sales rep with their quota for the quarter (null when none is set). */
export async function quotasForQuarter(db: Database, quarterStart: string) {
  return db
    .select({ userId: users.id, name: users.name, amount: quotas.amount })
    .from(users)
    .leftJoin(quotas, and(eq(quotas.userId, users.id), eq(quotas.quarterStart, quarterStart)))
    .where(and(eq(users.role, "sales"), eq(users.active, true)))
    .orderBy(users.name);
}

/** The open pipeline stages in order, with the days a deal may stay before a stage change is due. */
export async function stageExpectedDays(db: Database) {
  return db
    .select({ stageId: pipelineStages.id, name: pipelineStages.name, expectedDays: pipelineStages.expectedDays })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.isWon, false), eq(pipelineStages.isLost, false)))
    .orderBy(pipelineStages.position);
}

/** Sets an open stage's expected days (null: a stage change is never due), recording the change. */
export async function putStageExpectedDays(db: Database, stageId: number, expectedDays: number | null, actorId: number | null): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ expectedDays: pipelineStages.expectedDays })
      .from(pipelineStages)
      .where(and(eq(pipelineStages.id, stageId), eq(pipelineStages.isWon, false), eq(pipelineStages.isLost, false)))
      .for("update");
    if (!current) throw new NotFoundError(`There is no open pipeline stage ${stageId}.`);
    if (current.expectedDays === expectedDays) return false;
    await tx.update(pipelineStages).set({ expectedDays }).where(eq(pipelineStages.id, stageId));
    await tx.insert(auditLog).values({
      userId: actorId,
      entity: "pipeline_stage",
      entityId: String(stageId),
      field: "expected_days",
      oldValue: current.expectedDays === null ? null : String(current.expectedDays),
      newValue: expectedDays === null ? null : String(expectedDays),
    });
    return true;
  });
}

/** When a setting was last saved and by whom; null times for a setting still at its defaults. */
export interface SettingStamp {
  /** Milliseconds since the epoch, as the database keeps it (sub-millisecond digits included). */
  updatedAt: number | null;
  updatedBy: string | null;
}

export async function settingStamp(db: DatabaseOrTransaction, key: SettingKey): Promise<SettingStamp> {
  const [row] = await queryRows<{ updated_at: number; updated_by: string | null }>(
    db,
    sql`select (extract(epoch from s.updated_at) * 1000)::float8 as updated_at, u.name as updated_by
        from settings s left join users u on u.id = s.updated_by where s.key = ${key}`,
  );
  return row ? { updatedAt: row.updated_at, updatedBy: row.updated_by } : { updatedAt: null, updatedBy: null };
}

/**
 * Saves a setting like `putSetting`, but only if nobody saved it since `loadedAt` (its stamp when
 * the editor loaded it); otherwise throws StaleSettingError. Saves of one key take turns.
 */
export async function putSettingIfUnchanged<K extends SettingKey>(db: Database, key: K, value: SettingValue<K>, actorId: number, loadedAt: number | null): Promise<number> {
  return db.transaction(async (inTx) => {
    await queryRows(inTx, sql`select pg_advisory_xact_lock(hashtext(${`setting:${key}`}))::text as locked`);
    const stamp = await settingStamp(inTx, key);
    if (stamp.updatedAt !== loadedAt) throw new StaleSettingError(stamp);
    return putSetting(inTx, key, value, actorId);
  });
}
