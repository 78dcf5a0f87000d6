import "server-only";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/index";
import { settings } from "@/db/schema";
import { DEMO_DATA_SETTING } from "./workspace-keys";

export interface DemoDataInfo {
  seed: number;
  asOf: string;
  scale: number;
  loadedAt: string;
  signIns: { email: string; role: string }[];
}


/** Set when the demo data was loaded; absent on a production install. */
export async function demoDataInfo(db: Database): Promise<DemoDataInfo | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DEMO_DATA_SETTING));
  return (row?.value as DemoDataInfo | undefined) ?? null;
}

export interface WorkspaceSummary {
  accounts: number;
  contacts: number;
  openOpportunities: number;
  wonOpportunities: number;
  lostOpportunities: number;
  /** Sum of amount of open opportunities, summed in SQL numeric, as a decimal string. */
  openPipeline: string;
  /** Open opportunities without an amount: counted above, left out of the sum. */
  openWithoutAmount: number;
  leads: number;
  signals: number;
  firstActivity: string | null;
  lastActivity: string | null;
}

/** What the workspace holds, for everyone or for the accounts and deals one rep owns. */
export async function workspaceSummary(db: Database, { ownerId }: { ownerId?: number } = {}): Promise<WorkspaceSummary> {
  const accountFilter = ownerId === undefined ? sql`true` : sql`owner_id = ${ownerId}`;
  const opportunityFilter = ownerId === undefined ? sql`true` : sql`o.owner_id = ${ownerId}`;
  const accountScope =
    ownerId === undefined ? sql`true` : sql`account_id in (select id from accounts where owner_id = ${ownerId})`;
  const [summary] = await queryRows<WorkspaceSummary>(
    db,
    sql`
    select
      (select count(*)::int from accounts where ${accountFilter}) as accounts,
      (select count(*)::int from contacts where ${accountScope}) as contacts,
      o.open_count as "openOpportunities",
      o.won_count as "wonOpportunities",
      o.lost_count as "lostOpportunities",
      o.open_pipeline::text as "openPipeline",
      o.open_without_amount as "openWithoutAmount",
      (select count(*)::int from leads where ${accountScope}) as leads,
      (select count(*)::int from signals where ${accountScope}) as signals,
      to_char(o.first_created at time zone 'UTC', 'YYYY-MM-DD') as "firstActivity",
      to_char(o.last_created at time zone 'UTC', 'YYYY-MM-DD') as "lastActivity"
    from (
      select
        count(*) filter (where o.status = 'open')::int as open_count,
        count(*) filter (where o.status = 'won')::int as won_count,
        count(*) filter (where o.status = 'lost')::int as lost_count,
        coalesce(sum(o.amount) filter (where o.status = 'open'), 0)::numeric(16, 2) as open_pipeline,
        count(*) filter (where o.status = 'open' and o.amount is null)::int as open_without_amount,
        min(o.created_at) as first_created,
        max(o.created_at) as last_created
      from opportunities o
      where ${opportunityFilter}
    ) o
  `,
  );
  return summary!;
}
