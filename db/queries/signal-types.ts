import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { auditLog } from "@/db/schema";
import type { SignalTier } from "@/lib/domain/signal-types";
import type { SignalTypeEdit } from "@/lib/signals/taxonomy";
import { NotFoundError, StaleSignalTypeError } from "@/lib/errors";

export interface SignalTypeEntry extends SignalTypeEdit {
  key: string;
  tier: SignalTier;
  description: string;
  version: number;
  updatedBy: string | null;
  /** Milliseconds since the epoch; null while the type is as seeded. */
  updatedAt: number | null;
}

const entryColumns = sql`t.key, t.label, t.tier, t.points::int as points, t.half_life_days::int as "halfLifeDays", t.response_playbook as "responsePlaybook",
  t.description, t.version::int as version, u.name as "updatedBy",
  case when t.updated_at is null then null else (extract(epoch from t.updated_at) * 1000)::float8 end as "updatedAt"`;

/** The taxonomy with who last changed each type, high intent first, by points within a tier. */
export async function signalTypeEntries(db: DatabaseOrTransaction): Promise<SignalTypeEntry[]> {
  return queryRows<SignalTypeEntry>(
    db,
    sql`select ${entryColumns} from signal_types t left join users u on u.id = t.updated_by
        order by array_position(array['high','medium','low','external']::signal_tier[], t.tier), t.points desc, t.key`,
  );
}

const columns: Record<keyof SignalTypeEdit, string> = {
  label: "label",
  tier: "tier",
  points: "points",
  halfLifeDays: "half_life_days",
  responsePlaybook: "response_playbook",
};

/**
 * Changes a type if it is still at `version`, bumping the version and auditing each changed field
 * (entity `signal_type`). Returns the number of fields changed (0: nothing to save).
 */
export async function updateSignalType(db: Database, key: string, change: SignalTypeEdit, version: number, actorId: number): Promise<number> {
  return db.transaction(async (inTx) => {
    const [current] = await queryRows<SignalTypeEntry>(inTx, sql`select ${entryColumns} from signal_types t left join users u on u.id = t.updated_by where t.key = ${key} for update of t`);
    if (!current) throw new NotFoundError(`There is no signal type “${key}”.`);
    if (current.version !== version) throw new StaleSignalTypeError(current.label, current.updatedBy);
    const changed = (Object.keys(columns) as (keyof SignalTypeEdit)[]).filter((field) => String(current[field]) !== String(change[field]));
    if (changed.length === 0) return 0;
    await queryRows(
      inTx,
      sql`update signal_types set label = ${change.label}, tier = ${change.tier}::signal_tier, points = ${change.points}, half_life_days = ${change.halfLifeDays},
          response_playbook = ${change.responsePlaybook}, version = version + 1, updated_by = ${actorId}, updated_at = now()
          where key = ${key} returning key`,
    );
    await inTx.insert(auditLog).values(
      changed.map((field) => ({ userId: actorId, entity: "signal_type", entityId: key, field: columns[field], oldValue: String(current[field]), newValue: String(change[field]) })),
    );
    return changed.length;
  });
}
