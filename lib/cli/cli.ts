/**
 * Command-line tools: npm run db:migrate | db:seed | db:reset | user:create, or npm run cli -- <command>.
 * They open the same database the app uses (and respect the PGlite folder lock).
 */
import readline from "node:readline/promises";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { closeDatabase, closeDatabaseOnShutdown, getDatabase } from "@/db/index";
import { migrateDatabase, withStartupLock } from "@/db/migrate";
import { ensureReferenceData } from "@/db/reference";
import { isEmpty, loadDemoWorkspace, printDemoSignIns } from "@/db/startup";
import { createUser } from "@/db/queries/users";
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from "@/lib/auth/password";
import { userRoles } from "@/lib/domain/roles";
import { env } from "@/lib/env";
import { ConflictError, DatabaseFolderLockedError } from "@/lib/errors";
import { buildFunnelReport, resolveFunnelView } from "@/lib/funnel/report";
import { velocityAuditMarkdown } from "@/lib/reports/velocity-audit";
import { velocityJson } from "@/lib/velocity/json";
import { buildVelocityReport, resolveVelocityView } from "@/lib/velocity/report";
import { winRatePlaybookMarkdown } from "@/lib/reports/win-rate-playbook";
import { winLossJson } from "@/lib/win-loss/json";
import { buildWinRatePlaybook } from "@/lib/win-loss/playbook";
import { buildDeploymentPlan } from "@/lib/automations/deployment-plan";
import { deploymentPlanJson } from "@/lib/automations/plan-json";
import { deploymentPlanMarkdown } from "@/lib/reports/ai-agent-deployment-plan";
import { leadScoringModelMarkdown } from "@/lib/reports/lead-scoring-model";
import { signalEngagementSystemMarkdown } from "@/lib/reports/signal-engagement-system";
import { buildRevopsDashboard } from "@/lib/reports/revops-dashboard-build";
import { buildEngagementSystem } from "@/lib/signals/engagement-system";
import { buildScoringModel, scoringModelPeriod } from "@/lib/signals/scoring-model";
import { numberFlag, parseFlags, stringFlag } from "./args";
import { stopJobs } from "@/lib/jobs/queue";
import { importCommand, importUsage } from "./import";

const usage = `Usage:
  npm run db:migrate                         apply pending migrations
  npm run db:seed [-- --seed N --scale K --as-of YYYY-MM-DD]
                                             load demo data into an empty database
  npm run db:reset [-- --yes]                delete every row and re-create the empty schema
  npm run user:create -- --email E --role R [--name N] [--password P]
                                             create a user (roles: ${userRoles.join(", ")})
  npm run cli -- velocity [--from YYYY-MM-DD --to YYYY-MM-DD | --period this_quarter]
                          [--segment S] [--source S] [--owner ID] [--json]
                                             the velocity audit (Markdown), or every figure as JSON
  npm run cli -- funnel [--from … --to … | --period …] [--segment S] [--source S] [--mode cohort|flow]
                                             the funnel as JSON (the same as GET /api/v1/metrics/funnel)
  npm run cli -- win-loss [--from … --to … | --period …] [--segment S] [--source S] [--owner ID] [--json]
                                             win-rate-playbook.md, or every figure as JSON (the same as GET /api/v1/metrics/win-loss)
  npm run cli -- revops-dashboard [--from … --to … | --period …] [--segment S] [--source S] [--mode cohort|flow]
                                             revops-dashboard.md: the definitions and Layers 1–4 (GET /api/v1/metrics/revops-dashboard)
  npm run cli -- automations [--json]        ai-agent-deployment-plan.md, or the same as JSON (GET /api/v1/automations/plan)
  npm run cli -- engagement-system [--json]  signal-engagement-system.md, or the same as JSON (GET /api/v1/metrics/signal-engagement)
  npm run cli -- scoring-model [--from … --to … | --period …] [--json]
                                             lead-scoring-model.md (calibration over deals closed in the period, default the last
                                             12 months), or the same as JSON (GET /api/v1/metrics/scoring-model)
${importUsage}`;

async function prepare() {
  const handle = getDatabase();
  closeDatabaseOnShutdown();
  await withStartupLock(handle, async () => {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
  });
  return handle;
}

async function confirmReset(location: string, flags: Record<string, string | true>): Promise<boolean> {
  if (flags.yes === true) return true;
  if (!process.stdin.isTTY) {
    console.error("db:reset deletes every row; run it with --yes when not interactive (npm run db:reset -- --yes).");
    return false;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`This deletes every row in ${location}. Type "yes" to continue: `);
  rl.close();
  return answer.trim().toLowerCase() === "yes";
}

const newUser = z.object({
  email: z.string({ error: "--email is required" }).trim().toLowerCase().email("--email must be an email address"),
  role: z.enum(userRoles, { error: `--role must be one of ${userRoles.join(", ")}` }),
  name: z.string().trim().min(1).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `--password must have at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
});

/** The period and filters of the velocity and win/loss views, as the pages read them from the URL. */
const viewParams = (flags: Record<string, string | true>) =>
  Object.fromEntries(["from", "to", "period", "segment", "source", "owner"].map((name) => [name, stringFlag(flags, name)]));

/** The funnel's parameters (/funnel, GET /api/v1/metrics/funnel) from the command's flags. */
const funnelParams = (flags: Record<string, string | true>) =>
  Object.fromEntries(["from", "to", "period", "segment", "source", "mode"].map((name) => [name, stringFlag(flags, name)]));

const helpWords = new Set(["help", "--help", "-h"]);

async function run(command: string | undefined, flags: Record<string, string | true>, positional?: string): Promise<number> {
  // No command, `help`, `--help`, or `<command> --help` (never running the command): the usage, on standard output, and success.
  if (command === undefined || helpWords.has(command) || flags.help === true) {
    console.log(usage);
    return 0;
  }
  switch (command) {
    case "db:migrate": {
      const handle = await prepare();
      console.log(`Migrations applied to ${handle.location}.`);
      return 0;
    }
    case "db:seed": {
      const handle = await prepare();
      if (!(await isEmpty(handle.db))) {
        console.error("The database already has data; demo data loads only into an empty database. Run npm run db:reset first.");
        return 1;
      }
      const asOfText = stringFlag(flags, "as-of");
      const asOf = asOfText ? new Date(`${asOfText}T00:00:00Z`) : new Date();
      if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be a date such as 2026-11-24, got "${asOfText}".`);
      const e = env();
      const result = await loadDemoWorkspace(handle, {
        seed: numberFlag(flags, "seed", e.DEMO_SEED),
        scale: numberFlag(flags, "scale", e.DEMO_SCALE),
        asOf,
      });
      for (const [table, rows] of Object.entries(result.counts)) console.log(`  ${table.padEnd(28)} ${rows.toLocaleString("en-US").padStart(9)}`);
      console.log(`Generated in ${result.seconds.generate.toFixed(1)} s, loaded in ${result.seconds.load.toFixed(1)} s.`);
      await printDemoSignIns(handle.db);
      return 0;
    }
    case "db:reset": {
      const handle = getDatabase();
      closeDatabaseOnShutdown();
      if (!(await confirmReset(handle.location, flags))) return 1;
      await withStartupLock(handle, async () => {
        await handle.db.execute(sql`drop schema if exists drizzle cascade`);
        await handle.db.execute(sql`drop schema if exists pgboss cascade`);
        await handle.db.execute(sql`drop schema if exists public cascade`);
        await handle.db.execute(sql`create schema public`);
        await migrateDatabase(handle);
        await ensureReferenceData(handle.db);
      });
      console.log(`Emptied ${handle.location}. Load demo data with npm run db:seed, or create an admin with npm run user:create.`);
      return 0;
    }
    case "user:create": {
      const parsed = newUser.safeParse({
        email: stringFlag(flags, "email"),
        role: stringFlag(flags, "role"),
        name: stringFlag(flags, "name"),
        password: stringFlag(flags, "password"),
      });
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => i.message).join("\n"));
        return 1;
      }
      const handle = await prepare();
      const password = parsed.data.password ?? generatePassword();
      try {
        await createUser(
          handle.db,
          { email: parsed.data.email, name: parsed.data.name ?? parsed.data.email.split("@")[0]!, role: parsed.data.role, passwordHash: await hashPassword(password) },
          null,
        );
      } catch (error) {
        if (error instanceof ConflictError) {
          console.error(error.message);
          return 1;
        }
        throw error;
      }
      console.log(`Created ${parsed.data.email} (${parsed.data.role}).`);
      if (!parsed.data.password) console.log(`Temporary password: ${password}`);
      return 0;
    }
    case "velocity": {
      const handle = await prepare();
      const view = await resolveVelocityView(handle.db, viewParams(flags));
      if (!view.ok) {
        console.error(`--${view.parameter}: ${view.error}`);
        return 2;
      }
      const report = await buildVelocityReport(handle.db, view.request, view.context);
      console.log(flags.json === true ? JSON.stringify(velocityJson(report), null, 2) : velocityAuditMarkdown(report));
      return 0;
    }
    case "win-loss": {
      const handle = await prepare();
      const view = await resolveVelocityView(handle.db, viewParams(flags));
      if (!view.ok) {
        console.error(`--${view.parameter}: ${view.error}`);
        return 2;
      }
      const playbook = await buildWinRatePlaybook(handle.db, view.request, view.context);
      console.log(flags.json === true ? JSON.stringify(winLossJson(playbook), null, 2) : winRatePlaybookMarkdown(playbook));
      return 0;
    }
    case "engagement-system": {
      const handle = await prepare();
      const system = await buildEngagementSystem(handle.db);
      console.log(flags.json === true ? JSON.stringify({ ...system, plan: undefined, automations: deploymentPlanJson(system.plan).automations }, null, 2) : signalEngagementSystemMarkdown(system));
      return 0;
    }
    case "scoring-model": {
      const handle = await prepare();
      const period = await scoringModelPeriod(handle.db, Object.fromEntries(["from", "to", "period"].map((name) => [name, stringFlag(flags, name)])));
      if (!period.ok) {
        console.error(`--${period.parameter}: ${period.error}`);
        return 2;
      }
      const model = await buildScoringModel(handle.db, period.period);
      console.log(flags.json === true ? JSON.stringify(model, null, 2) : leadScoringModelMarkdown(model));
      return 0;
    }
    case "revops-dashboard": {
      const handle = await prepare();
      const built = await buildRevopsDashboard(handle.db, funnelParams(flags));
      if (!built.ok) {
        console.error(`--${built.parameter}: ${built.error}`);
        return 2;
      }
      console.log(built.markdown);
      return 0;
    }
    case "automations": {
      const handle = await prepare();
      const plan = await buildDeploymentPlan(handle.db);
      console.log(flags.json === true ? JSON.stringify(deploymentPlanJson(plan), null, 2) : deploymentPlanMarkdown(plan));
      return 0;
    }
    case "funnel": {
      const handle = await prepare();
      const params = funnelParams(flags);
      const view = await resolveFunnelView(handle.db, params);
      if (!view.ok) {
        console.error(`--${view.parameter}: ${view.error}`);
        return 2;
      }
      console.log(JSON.stringify(await buildFunnelReport(handle.db, view.request, view.context), null, 2));
      return 0;
    }
    case "import": {
      const handle = await prepare();
      try {
        return await importCommand(handle, positional, flags);
      } finally {
        await stopJobs();
      }
    }
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  // `import <file>` names its file before the options.
  const positional = command === "import" && rest[0] && !rest[0].startsWith("--") ? rest.shift() : undefined;
  let code = 1;
  try {
    code = await run(command, parseFlags(rest), positional);
  } catch (error) {
    if (error instanceof DatabaseFolderLockedError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : error);
  } finally {
    await closeDatabase().catch(() => {});
  }
  process.exit(code);
}

void main();
