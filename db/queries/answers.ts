import "server-only";
import { asc, sql } from "drizzle-orm";
import type { Database } from "@/db/index";
import { selfReportedAnswers } from "@/db/schema";
import { remapAnswers, type AnswerRule, type Remap } from "@/lib/attribution/answer-rules";
import { putSetting } from "./settings";

/**
 * Saves the answer-mapping rules and re-maps every past answer by them in the same transaction,
 * except those a marketer set by hand. Returns the audited setting changes and the answers moved.
 */
export async function saveAnswerRules(db: Database, rules: AnswerRule[], actorId: number): Promise<{ changes: number; remapped: Remap[] }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const changes = await putSetting(t, "answerRules", { rules }, actorId);
    const answers = await t
      .select({ id: selfReportedAnswers.id, answer: selfReportedAnswers.answer, channel: selfReportedAnswers.channel, overridden: selfReportedAnswers.overridden })
      .from(selfReportedAnswers)
      .orderBy(asc(selfReportedAnswers.id));
    const remapped = remapAnswers(answers, rules);
    if (remapped.length > 0) {
      const payload = JSON.stringify(remapped.map((r) => ({ id: r.id, channel: r.to })));
      await t.execute(sql`
        update self_reported_answers a
        set channel = m.channel::channel, version = a.version + 1
        from json_to_recordset(${payload}::json) as m(id int, channel text)
        where a.id = m.id and not a.overridden
      `);
    }
    return { changes, remapped };
  });
}
