/**
 * The team: the five demo sign-ins, six more reps (one of whom has left), their quarterly quotas and
 * the company targets. None of this scales with volume except the money figures.
 */
import type { UserRole } from "@/lib/domain/roles";
import { DAY, addMonths, isoDay, monthStart, quarterStart } from "./calendar";
import { money, type SeedContext } from "./context";
import type { DemoData, DemoUser } from "./types";

export const demoPassword = "pipeline-demo";

export const demoSignIns: readonly { email: string; name: string; role: UserRole }[] = [
  { email: "admin@example.com", name: "Avery Admin", role: "admin" },
  { email: "exec@example.com", name: "Emerson Exec", role: "executive" },
  { email: "marketing@example.com", name: "Morgan Marketer", role: "marketing" },
  { email: "rep@example.com", name: "Riley Rep", role: "sales" },
  { email: "rep2@example.com", name: "Reese Rep", role: "sales" },
];

const otherReps = [
  { email: "priya.raman@example.com", name: "Priya Raman" },
  { email: "marcus.bell@example.com", name: "Marcus Bell" },
  { email: "sofia.lindqvist@example.com", name: "Sofia Lindqvist" },
  { email: "daniel.okafor@example.com", name: "Daniel Okafor" },
  { email: "hannah.cho@example.com", name: "Hannah Cho" },
  // Left the company; still owns the accounts and closed deals nobody reassigned.
  { email: "tom.becker@example.com", name: "Tom Becker", leftDaysAgo: 130 },
] as const;

/** Quarterly quota per rep at the start of the window; grows 4 % a quarter. */
const baseQuota = [100_000, 95_000, 110_000, 90_000, 100_000, 105_000, 95_000, 85_000] as const;

export interface Rep {
  id: number;
  /** Share of accounts this rep owns. */
  bookWeight: number;
  /** When the rep left, or null while employed. */
  leftAt: number | null;
}

export interface SalesTeam {
  users: DemoUser[];
  reps: Rep[];
  activeReps: Rep[];
  adminId: number;
  marketingId: number;
  /**
   * Who works an account's lead or signal at a time: its owner while employed, otherwise an active
   * rep chosen by the account id, so the same account always goes to the same stand-in.
   */
  workingOwner(ownerId: number, at: number, accountId: number): number;
}

export function generateTeam(ctx: SeedContext): SalesTeam {
  const { clock } = ctx;
  const users: DemoUser[] = [];
  const reps: Rep[] = [];
  const joined = (daysBeforeWindow: number) => new Date(clock.start - daysBeforeWindow * DAY);

  for (const signIn of demoSignIns) {
    const id = users.length + 1;
    const createdAt = joined(400 - id * 20);
    users.push({ id, ...signIn, active: true, createdAt, updatedAt: createdAt });
    if (signIn.role === "sales") reps.push({ id, bookWeight: 1, leftAt: null });
  }
  for (const rep of otherReps) {
    const id = users.length + 1;
    const createdAt = joined(90 + id * 37);
    const leftAt = "leftDaysAgo" in rep ? clock.asOf - rep.leftDaysAgo * DAY : null;
    users.push({
      id,
      email: rep.email,
      name: rep.name,
      role: "sales",
      active: leftAt === null,
      createdAt,
      updatedAt: leftAt === null ? createdAt : new Date(leftAt),
    });
    // The rep who left had a smaller book at the end.
    reps.push({ id, bookWeight: leftAt === null ? 1 : 0.6, leftAt });
  }

  const activeReps = reps.filter((rep) => rep.leftAt === null);
  const leftAtById = new Map(reps.map((rep) => [rep.id, rep.leftAt]));
  return {
    users,
    reps,
    activeReps,
    adminId: 1,
    marketingId: 3,
    workingOwner(ownerId, at, accountId) {
      const leftAt = leftAtById.get(ownerId);
      if (leftAt === undefined || leftAt === null || at < leftAt) return ownerId;
      return (activeReps[accountId % activeReps.length] as Rep).id;
    },
  };
}

/** One quota per rep per quarter, from the quarter the window starts in to the current one. */
export function generateQuotas(ctx: SeedContext, team: SalesTeam): DemoData["quotas"] {
  const quotas: DemoData["quotas"] = [];
  const first = quarterStart(ctx.clock.start);
  const current = quarterStart(ctx.clock.asOf);
  team.reps.forEach((rep, index) => {
    let quarter = first;
    for (let q = 0; quarter <= current; q++, quarter = addMonths(first, 3 * q)) {
      if (rep.leftAt !== null && quarter > rep.leftAt) break;
      const amount = (baseQuota[index] ?? 100_000) * 1.04 ** q * ctx.scale;
      quotas.push({
        id: quotas.length + 1,
        userId: rep.id,
        quarterStart: isoDay(quarter),
        amount: money(Math.round(amount / 5_000) * 5_000),
      });
    }
  });
  return quotas;
}

/** Company targets, set when the window opened and raised at the start of the current quarter. */
export function generateTargets(ctx: SeedContext, team: SalesTeam): DemoData["targets"] {
  const opened = monthStart(ctx.clock.start);
  const raised = quarterStart(ctx.clock.asOf);
  const plan: [string, number, number][] = [
    ["velocity_per_day", opened, 5_000],
    ["pipeline_created_per_month", opened, 1_200_000],
    ["velocity_per_day", raised, 6_000],
    ["pipeline_created_per_month", raised, 1_400_000],
  ];
  return plan.map(([metric, from, value], index) => ({
    id: index + 1,
    metric,
    effectiveFrom: isoDay(from),
    value: (value * ctx.scale).toFixed(4),
    updatedBy: team.adminId,
    updatedAt: new Date(Math.min(from, ctx.clock.asOf - DAY) + 9 * 3_600_000),
  }));
}
