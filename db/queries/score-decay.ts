import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { scoreFacts, type IngestContext } from "./signal-ingest";

/**
 * The daily score decay: each scored account's account-level score recomputed as of `asOf` with
 * the signal router's own computation (`scoreFacts`), so intent decays by each type's half-life and
 * engagement leaves its window even when no new signal arrives. A new row is added to the account's
 * history (never overwriting it) when the score changed; running again on the same day adds
 * nothing. Accounts are done in batches, each in its own short transaction, so a long run never
 * holds the database (PGlite's one connection) for long.
 */
export interface DecayResult {
  /** Accounts with a score before `asOf`. */
  accounts: number;
  /** Accounts whose score moved, each given a new row. */
  changed: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function decayAccountScores(
  db: Database,
  asOf: Date,
  context: IngestContext,
  { batchSize = 200, signal }: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<DecayResult> {
  const at = asOf.toISOString();
  let after = 0;
  let accounts = 0;
  let changed = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await queryRows<{
      id: number;
      fit: number | null;
      segment: string | null;
      industry: string | null;
      scoreFit: string;
      intent: string;
      engagement: string;
      readiness: string;
    }>(
      db,
      sql`select a.id, a.icp_fit_score::int as fit, a.segment, a.industry,
            l.fit as "scoreFit", l.intent, l.engagement, l.readiness
          from accounts a
          join lateral (
            select fit, intent, engagement, readiness from scores
            where account_id = a.id and contact_id is null and computed_at <= ${at}::timestamptz
            order by computed_at desc, id desc limit 1
          ) l on true
          where a.id > ${after}
          order by a.id
          limit ${batchSize}`,
    );
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    accounts += batch.length;
    changed += await db.transaction(async (tx) => {
      const t = tx;
      let moved = 0;
      for (const row of batch) {
        const { account: s } = await scoreFacts(t, row.id, null, asOf, { icpFitScore: row.fit, segment: row.segment, industry: row.industry }, context);
        const same =
          round2(s.fit) === Number(row.scoreFit) &&
          round2(s.intent) === Number(row.intent) &&
          round2(s.engagement) === Number(row.engagement) &&
          round2(s.readiness) === Number(row.readiness);
        if (same) continue;
        await t.execute(
          sql`insert into scores (account_id, contact_id, signal_id, fit, intent, engagement, readiness, explanation, computed_at)
              values (${row.id}, null, null, ${s.fit}, ${s.intent}, ${s.engagement}, ${s.readiness}, ${JSON.stringify(s.explanation)}::jsonb, ${at}::timestamptz)`,
        );
        moved++;
      }
      return moved;
    });
  }
  return { accounts, changed };
}
