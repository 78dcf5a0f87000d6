import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";

/** Accounts with a domain, each with one of its contacts' email when it has one: who the ingest benchmark's signals are about. */
export async function ingestTargets(db: Database, limit: number): Promise<{ domain: string; email: string | null }[]> {
  return queryRows<{ domain: string; email: string | null }>(
    db,
    sql`select a.domain, (select c.email from contacts c where c.account_id = a.id and c.email is not null order by c.id limit 1) as email
        from accounts a where a.domain is not null order by a.id limit ${limit}`,
  );
}

/** Signals stored through the given API keys (derived signals carry no key and are not counted). */
export async function signalsStoredByKeys(db: Database, keyIds: readonly number[]): Promise<number> {
  if (keyIds.length === 0) return 0;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from signals where api_key_id in (${sql.join(keyIds.map((id) => sql`${id}`), sql`, `)})`,
  );
  return row?.n ?? 0;
}
