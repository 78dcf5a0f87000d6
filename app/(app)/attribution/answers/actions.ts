"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import {
  answerTexts,
  deleteAnswer,
  saveAnswerRules,
  saveAnswers,
  setAnswerChannel,
  subjectOfContact,
  subjectsByEmail,
  type AnswerEntry,
  type AnswerSubject,
  type UndecidedDuplicate,
} from "@/db/queries/answers";
import { getSetting } from "@/db/queries/settings";
import type { ActionResult } from "@/lib/action-result";
import { answerProblem, parsePastedAnswers } from "@/lib/attribution/answer-entry";
import { checkAnswerRules, mapAnswer, type RuleProblem } from "@/lib/attribution/answer-rules";
import { channelInfo, channels, type Channel } from "@/lib/domain/channels";
import { answerRulesSettings } from "@/lib/settings/definitions";
import { done, guardedAction, refused } from "@/app/_guard/guarded-action";

/** Marketers and admins; everything the answers change is read by the attribution pages. */
const manageAnswers = { permission: "answers:manage", revalidate: [{ layout: "/attribution" }] } as const;

const channel = z.enum(channels, { error: (issue) => `"${String(issue.input)}" is not a channel: use one of ${channels.join(", ")}.` });
const duplicate = z.enum(["update", "keep"], { error: "Choose whether to update the earlier answer or keep both." }).optional();
const answerText = z.string({ error: "The answer is missing." }).superRefine((text, ctx) => {
  const problem = answerProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export type SaveOutcome = ActionResult<{ added: number; updated: number; skipped: number }> & { undecided?: UndecidedDuplicate[]; rowErrors?: { line: number; error: string }[] };

function saved(result: { added: number; updated: number }, skipped = 0): SaveOutcome {
  const parts = [result.added > 0 ? `${result.added} added` : null, result.updated > 0 ? `${result.updated} updated` : null, skipped > 0 ? `${skipped} skipped` : null].filter(Boolean);
  return { ok: true, data: { ...result, skipped }, message: `Saved: ${parts.join(", ") || "nothing to do"}.` };
}

const oneAnswer = z.object({
  contactId: z.number({ error: "Choose the lead who answered." }).int().positive("Choose the lead who answered."),
  answer: answerText,
  channel,
  duplicate,
});

/** The form: one answer for one lead (or a contact without a lead), its channel suggested by the rules. */
export const saveAnswerAction = guardedAction({ ...manageAnswers, input: oneAnswer, context: "Saving an answer" }, async (input, user): Promise<SaveOutcome> => {
  const db = getDb();
  const subject = await subjectOfContact(db, input.contactId);
  const { rules } = await getSetting(db, "answerRules");
  const answer = input.answer.trim();
  const entry: AnswerEntry = {
    line: 1,
    contactId: subject.contactId,
    leadId: subject.leadId,
    answer,
    channel: input.channel,
    overridden: input.channel !== mapAnswer(answer, rules).channel,
    duplicate: input.duplicate,
  };
  const result = await saveAnswers(db, [entry], user.id);
  if (!result.ok) return { ok: false, error: `${subject.name} has answered before. Update that answer, or keep both?`, undecided: result.undecided };
  return saved(result);
});

export interface PreviewRow {
  line: number;
  email: string;
  answer: string;
  error: string | null;
  subject: Pick<AnswerSubject, "contactId" | "leadId" | "name" | "company" | "isDemoRequest"> | null;
  suggested: Channel;
  /** The phrase of the rule that suggested the channel. */
  phrase: string | null;
  /** The lead's newest earlier answer, when it has one: the marketer chooses update or keep both. */
  existing: { answer: string; channel: Channel } | null;
}

const PASTE_MAX_CHARACTERS = 3_000_000;

async function resolveRows(text: string): Promise<{ ok: true; rows: PreviewRow[] } | { ok: false; error: string }> {
  if (text.length > PASTE_MAX_CHARACTERS) return { ok: false, error: "That is more than 3 MB of text: split it into smaller pastes." };
  const parsed = parsePastedAnswers(text);
  if (!parsed.ok) return parsed;
  const db = getDb();
  const subjects = await subjectsByEmail(db, [...new Set(parsed.rows.filter((r) => r.error === null).map((r) => r.email))]);
  const { rules } = await getSetting(db, "answerRules");
  return {
    ok: true,
    rows: parsed.rows.map((row) => {
      const subject = subjects.get(row.email) ?? null;
      const mapping = mapAnswer(row.answer, rules);
      const error = row.error ?? (subject === null ? `No lead or contact has the email ${row.email}: check it, or import the lead first.` : null);
      const newest = subject?.answers[0];
      return {
        ...row,
        error,
        subject: subject && { contactId: subject.contactId, leadId: subject.leadId, name: subject.name, company: subject.company, isDemoRequest: subject.isDemoRequest },
        suggested: mapping.channel,
        phrase: mapping.phrase,
        existing: newest ? { answer: newest.answer, channel: newest.channel } : null,
      };
    }),
  };
}

/** Reads pasted rows or a file's text and shows what would be saved, row by row; writes nothing. */
export const previewAnswersAction = guardedAction(
  { permission: "answers:manage", input: z.string({ error: "Paste the rows as text." }), context: "Previewing pasted answers" },
  async (text) => {
    const resolved = await resolveRows(text);
    return resolved.ok ? done({ rows: resolved.rows }) : refused(resolved.error);
  },
);

const bulk = z.object({
  text: z.string({ error: "The pasted rows are missing." }),
  /** Per line: the channel the marketer chose, and what to do with an earlier answer. */
  choices: z.record(z.string().regex(/^\d+$/, "Lines are numbers."), z.object({ channel: channel.optional(), duplicate })),
  skipInvalid: z.boolean(),
});

/**
 * Saves pasted rows in one transaction. The rows are read again from the text, so what is saved is
 * what was previewed; any row with a problem stops the whole save unless the marketer chose to skip
 * such rows.
 */
export const saveAnswersBulkAction = guardedAction({ ...manageAnswers, input: bulk, context: "Saving pasted answers" }, async (input, user): Promise<SaveOutcome> => {
  const resolved = await resolveRows(input.text);
  if (!resolved.ok) return resolved;
  const bad = resolved.rows.filter((r) => r.error !== null || r.subject === null);
  if (bad.length > 0 && !input.skipInvalid) {
    const first = bad[0]!;
    return {
      ok: false,
      error: `${bad.length} row${bad.length === 1 ? " has a problem" : "s have problems"}, so nothing was saved. Line ${first.line}: ${first.error}`,
      rowErrors: bad.map((r) => ({ line: r.line, error: r.error ?? "No lead." })),
    };
  }
  const good = resolved.rows.filter((r) => r.error === null && r.subject !== null);
  if (good.length === 0) return refused("No row can be saved: fix the rows marked in the preview.");
  const entries = good.map((row): AnswerEntry => {
    const choice = input.choices[String(row.line)];
    const chosen = choice?.channel ?? row.suggested;
    return {
      line: row.line,
      contactId: row.subject!.contactId,
      leadId: row.subject!.leadId,
      answer: row.answer,
      channel: chosen,
      overridden: chosen !== row.suggested,
      duplicate: choice?.duplicate,
    };
  });
  const result = await saveAnswers(getDb(), entries, user.id);
  if (!result.ok) {
    const lines = result.undecided.map((u) => u.line);
    return {
      ok: false,
      error: `${lines.length === 1 ? `Line ${lines[0]} is a lead that has` : `Lines ${lines.join(", ")} are leads that have`} answered before: choose update or keep both. Nothing was saved.`,
      undecided: result.undecided,
    };
  }
  return saved(result, bad.length);
});

const channelChange = z.object({
  id: z.number().int().positive("The answer is missing."),
  expectedVersion: z.number().int().positive("The answer's version is missing."),
  /** null hands the answer back to the rules. */
  channel: channel.nullable(),
});

/** Sets one answer's channel by hand, or hands it back to the rules. */
export const setAnswerChannelAction = guardedAction({ ...manageAnswers, input: channelChange, context: "Setting an answer's channel" }, async (input, user) => {
  const db = getDb();
  const { rules } = await getSetting(db, "answerRules");
  const data = await setAnswerChannel(db, { ...input, rules, actorId: user.id });
  return done(data, data.overridden ? `Set to ${channelInfo[data.channel].label}.` : `Back to the rules: ${channelInfo[data.channel].label}.`);
});

const removal = z.object({ id: z.number().int().positive(), expectedVersion: z.number().int().positive() }, { error: "Which answer? The id or version is missing." });

export const deleteAnswerAction = guardedAction({ ...manageAnswers, input: removal, context: "Deleting an answer" }, async (input, user) => {
  await deleteAnswer(getDb(), { ...input, actorId: user.id });
  return done(undefined, "Answer deleted.");
});

export interface RulesPreview {
  problems: RuleProblem[];
  answers: number;
  /** Answers that would move, by from → to, with a few of their texts. */
  moves: { from: Channel; to: Channel; count: number; examples: string[] }[];
  moved: number;
  /** Answers set by hand that would have moved but stay. */
  keptByHand: number;
  /** Answers the rules would leave in "other". */
  unmapped: number;
}

/** What a set of rules would do to the answers kept so far; writes nothing. */
export const previewRulesAction = guardedAction(
  { permission: "answers:manage", input: answerRulesSettings.shape.rules, context: "Previewing answer rules" },
  async (rules): Promise<ActionResult<RulesPreview>> => {
    const answers = await answerTexts(getDb());
    // One pass: each answer mapped once, counted as moving, kept by hand or left in Other.
    const groups = new Map<string, RulesPreview["moves"][number]>();
    let moved = 0;
    let keptByHand = 0;
    let unmapped = 0;
    for (const a of answers) {
      const to = mapAnswer(a.answer, rules).channel;
      if (to === a.channel) {
        if (to === "other" && !a.overridden) unmapped++;
        continue;
      }
      if (a.overridden) {
        keptByHand++;
        continue;
      }
      if (to === "other") unmapped++;
      moved++;
      const key = `${a.channel}>${to}`;
      const group = groups.get(key) ?? { from: a.channel, to, count: 0, examples: [] };
      group.count += 1;
      if (group.examples.length < 3) group.examples.push(a.answer);
      groups.set(key, group);
    }
    return done({
      problems: checkAnswerRules(rules, answers.map((a) => a.answer)),
      answers: answers.length,
      moves: [...groups.values()].sort((a, b) => b.count - a.count),
      moved,
      keptByHand,
      unmapped,
    });
  },
);

const rulesSave = z.object({
  rules: answerRulesSettings.shape.rules,
  startedFrom: z.unknown().transform((value, ctx) => {
    const parsed = answerRulesSettings.shape.rules.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: "The rules you started from are missing: reload the page." });
    return z.NEVER;
  }),
  acceptWarnings: z.boolean().optional(),
});

/** Saves the rules and re-maps past answers by them, except those set by hand; refused over someone else's save. */
export const saveRulesAction = guardedAction({ ...manageAnswers, input: rulesSave, context: "Saving the answer rules" }, async (input, user) => {
  const { changes, remapped } = await saveAnswerRules(getDb(), input.rules, user.id, { startedFrom: input.startedFrom, acceptWarnings: input.acceptWarnings === true });
  return done(
    { remapped: remapped.length },
    changes === 0 ? "Nothing changed." : `Rules saved; ${remapped.length.toLocaleString("en-US")} answer${remapped.length === 1 ? "" : "s"} re-mapped.`,
  );
});
