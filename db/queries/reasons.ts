import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database, type DatabaseOrTransaction } from "@/db/index";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { reasonTaxonomiesSettings } from "@/lib/settings/definitions";
import { mapReason, reasonKindInfo, reasonKinds, withPhrase, type ReasonKind, type ReasonTaxonomies } from "@/lib/win-loss/reasons";
import { getSetting, putSetting } from "./settings";

/** Each kind's columns on opportunities: the taxonomy's label, and the text as the CRM gave it. */
export const reasonColumns: Record<ReasonKind, { mapped: string; raw: string }> = {
  loss: { mapped: "loss_reason", raw: "loss_reason_raw" },
  win: { mapped: "win_reason", raw: "win_reason_raw" },
  competitor: { mapped: "competitor", raw: "competitor_raw" },
};

/**
 * Sets every deal's label from its raw text by the taxonomies. Each distinct text is mapped once
 * and the deals are updated in one statement per kind; deals with no raw text keep their label.
 * A label is derived from the raw text, not an edit: the deal's version and update time stay.
 * Returns how many deals changed, by kind.
 */
export async function remapReasons(db: DatabaseOrTransaction, taxonomies: ReasonTaxonomies): Promise<Record<ReasonKind, number>> {
  const changed = { loss: 0, win: 0, competitor: 0 };
  for (const kind of reasonKinds) {
    const { mapped, raw } = reasonColumns[kind];
    const texts = await queryRows<{ raw: string }>(db, sql`select distinct ${sql.identifier(raw)} as raw from opportunities where ${sql.identifier(raw)} is not null`);
    if (texts.length === 0) continue;
    const mapping = JSON.stringify(texts.map((t) => ({ raw: t.raw, mapped: mapReason(t.raw, taxonomies[kind]) })));
    const rows = await queryRows<{ id: number }>(
      db,
      sql`update opportunities o set ${sql.identifier(mapped)} = m.mapped
          from json_to_recordset(${mapping}::json) as m(raw text, mapped text)
          where o.${sql.identifier(raw)} = m.raw and o.${sql.identifier(mapped)} is distinct from m.mapped
          returning o.id`,
    );
    changed[kind] = rows.length;
  }
  return changed;
}

async function lockTaxonomies(t: DatabaseOrTransaction): Promise<void> {
  await t.execute(sql`select pg_advisory_xact_lock(hashtext('setting:reasonTaxonomies'))`);
}

/**
 * Saves the taxonomies given (all three, or some) and re-maps every deal's reasons and competitor
 * by them, in one transaction. Given the taxonomies the editor started from, refuses to save over
 * someone else's change to them.
 */
export async function saveReasonTaxonomies(
  db: Database,
  update: Partial<ReasonTaxonomies>,
  actorId: number,
  { startedFrom }: { startedFrom?: Partial<ReasonTaxonomies> } = {},
): Promise<{ changes: number; remapped: Record<ReasonKind, number> }> {
  return db.transaction(async (t) => {
    await lockTaxonomies(t);
    const current = await getSetting(t, "reasonTaxonomies");
    if (startedFrom !== undefined && reasonKinds.some((k) => k in startedFrom && JSON.stringify(current[k]) !== JSON.stringify(startedFrom[k]))) {
      throw new ConflictError("Someone saved the reasons since you opened them. Reload to see their changes, then make yours again.");
    }
    const next = { ...current, ...update };
    const changes = await putSetting(t, "reasonTaxonomies", next, actorId);
    // Re-mapped even when nothing changed: deals stored before the taxonomies existed get their labels.
    return { changes, remapped: await remapReasons(t, next) };
  });
}

/**
 * From the review list: a raw value becomes a phrase of an entry (`label` an existing one), or a
 * label of its own (a new `label`), and the deals are re-mapped.
 */
export async function addReasonPhrase(
  db: Database,
  kind: ReasonKind,
  { label, phrase, create }: { label: string; phrase: string; create: boolean },
  actorId: number,
): Promise<{ label: string; remapped: number }> {
  return db.transaction(async (t) => {
    await lockTaxonomies(t);
    const current = await getSetting(t, "reasonTaxonomies");
    const exists = current[kind].find((e) => e.label.trim().toLowerCase() === label.trim().toLowerCase());
    if (create && exists) throw new ConflictError(`"${exists.label}" is already a ${reasonKindInfo[kind].singular}; add the value to it instead.`);
    if (!create && !exists) throw new NotFoundError(`There is no ${reasonKindInfo[kind].singular} "${label}" any more; reload the page.`);
    const parsed = reasonTaxonomiesSettings.safeParse({ ...current, [kind]: withPhrase(current[kind], label, phrase) });
    if (!parsed.success) throw new ConflictError(parsed.error.issues[0]?.message ?? "The change cannot be saved.");
    await putSetting(t, "reasonTaxonomies", parsed.data, actorId);
    const remapped = await remapReasons(t, parsed.data);
    return { label: exists?.label ?? label.trim(), remapped: remapped[kind] };
  });
}

export interface UnmappedReason {
  raw: string;
  deals: number;
  /** The deals' amounts summed, exact decimal. */
  amount: string;
}

/** Raw values no entry maps, with their deal count and money, most frequent first. */
export async function unmappedReasons(db: DatabaseOrTransaction, kind: ReasonKind, limit = 200): Promise<{ values: UnmappedReason[]; total: number }> {
  const { mapped, raw } = reasonColumns[kind];
  const rows = await queryRows<UnmappedReason & { total: number }>(
    db,
    sql`select ${sql.identifier(raw)} as raw, count(*)::int as deals, coalesce(sum(amount), 0)::text as amount, count(*) over ()::int as total
        from opportunities
        where ${sql.identifier(raw)} is not null and ${sql.identifier(mapped)} is null
        group by ${sql.identifier(raw)}
        order by count(*) desc, sum(amount) desc nulls last, ${sql.identifier(raw)}
        limit ${limit}`,
  );
  return { values: rows.map(({ raw, deals, amount }) => ({ raw, deals, amount })), total: rows[0]?.total ?? 0 };
}

/** How many deals each label of a kind holds. */
export async function reasonCounts(db: DatabaseOrTransaction, kind: ReasonKind): Promise<Map<string, number>> {
  const { mapped } = reasonColumns[kind];
  const rows = await queryRows<{ label: string; deals: number }>(
    db,
    sql`select ${sql.identifier(mapped)} as label, count(*)::int as deals from opportunities where ${sql.identifier(mapped)} is not null group by 1`,
  );
  return new Map(rows.map((r) => [r.label, r.deals]));
}
