/**
 * Reference data every database needs, demo or not: the default pipeline stages, the signal
 * taxonomy and the playbook's shared definitions (version 1, signed by both teams). Idempotent.
 */
import { sql } from "drizzle-orm";
import { defaultPipelineStages } from "@/lib/domain/pipeline-stages";
import { defaultSignalTypes } from "@/lib/domain/signal-types";
import { playbookDefinitions } from "@/lib/domain/funnel-definitions";
import type { Database } from "./index";
import {
  funnelDefinitionSignoffs,
  funnelDefinitionVersions,
  funnelDefinitions,
  pipelineStages,
  signalTypes,
} from "./schema";

export async function ensureReferenceData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const [stageCount] = await tx.select({ n: sql<number>`count(*)::int` }).from(pipelineStages);
    if (!stageCount?.n) {
      await tx.insert(pipelineStages).values([...defaultPipelineStages]).onConflictDoNothing();
      await tx.execute(
        sql`select setval(pg_get_serial_sequence('pipeline_stages', 'id'), (select max(id) from pipeline_stages))`,
      );
    }

    await tx.insert(signalTypes).values([...defaultSignalTypes]).onConflictDoNothing();

    const [definitionCount] = await tx.select({ n: sql<number>`count(*)::int` }).from(funnelDefinitions);
    if (!definitionCount?.n) {
      for (const seed of playbookDefinitions) {
        const [definition] = await tx.insert(funnelDefinitions).values({ stage: seed.stage }).returning();
        const [version] = await tx
          .insert(funnelDefinitionVersions)
          .values({
            definitionId: definition!.id,
            version: 1,
            definition: seed.definition,
            owner: seed.owner,
            slaValue: seed.slaValue === null ? null : String(seed.slaValue),
            slaUnit: seed.slaUnit,
            slaText: seed.slaText,
            changeNote: "Seeded from the playbook's shared definitions.",
          })
          .returning();
        await tx.insert(funnelDefinitionSignoffs).values([
          { versionId: version!.id, team: "marketing" },
          { versionId: version!.id, team: "sales" },
        ]);
      }
    }
  });
}
