import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/index";
import { publicRoute } from "@/app/_guard/public";

export const dynamic = "force-dynamic";

/** Whether the database answers, and which driver is in use; nothing about the data. */
export const GET = publicRoute("load balancers and uptime checks call it signed out", async () => {
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
});
