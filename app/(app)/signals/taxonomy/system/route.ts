import { getDb } from "@/db/index";
import { markdownDownload } from "@/lib/reports/markdown";
import { ENGAGEMENT_SYSTEM_FILE_NAME, signalEngagementSystemMarkdown } from "@/lib/reports/signal-engagement-system";
import { buildEngagementSystem } from "@/lib/signals/engagement-system";
import { guardedRoute } from "@/app/_guard/guarded-route";

export const dynamic = "force-dynamic";

/** Downloads signal-engagement-system.md: taxonomy, scoring in brief, routing rules, triggers and the automations. */
export const GET = guardedRoute("signals:view", async () => markdownDownload(signalEngagementSystemMarkdown(await buildEngagementSystem(getDb())), ENGAGEMENT_SYSTEM_FILE_NAME));
