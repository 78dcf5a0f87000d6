import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/index";

export const dynamic = "force-dynamic";

/**
 * Public on purpose (load balancers and uptime checks call it signed out): it says which driver
 * is in use and whether the database answers, and nothing about the data.
 */
export async function GET() {
  const started = performance.now();
  let driver: string = "unknown";
  try {
    const handle = getDatabase();
    driver = handle.driver;
    await handle.db.execute(sql`select 1`);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json({ status: "ok", driver, database: "up", latencyMs });
  } catch (error) {
    console.error("Health check failed:", error);
    return Response.json({ status: "error", driver, database: "down" }, { status: 503 });
  }
}
