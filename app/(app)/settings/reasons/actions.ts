"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { addReasonPhrase, saveReasonTaxonomies } from "@/db/queries/reasons";
import { formatCount } from "@/lib/format";
import { reasonTaxonomiesSettings } from "@/lib/settings/definitions";
import { reasonKindInfo, reasonKinds, type ReasonKind } from "@/lib/win-loss/reasons";
import { done, guardedAction, refused } from "@/app/_guard/guarded-action";

const kind = z.enum(reasonKinds as [ReasonKind, ...ReasonKind[]], { error: "Say which list: loss reasons, win reasons or competitors." });

const entriesOf = (k: ReasonKind, value: unknown) => reasonTaxonomiesSettings.shape[k].safeParse(value);

const remappedText = (n: number) => `${formatCount(n)} deal${n === 1 ? "" : "s"} re-mapped`;

/** Saves one list (loss reasons, win reasons or competitors) and re-maps every deal by it; refused over someone else's save. */
export const saveReasonListAction = guardedAction(
  {
    permission: "answers:manage",
    input: z.object({ kind, entries: z.unknown(), startedFrom: z.unknown() }),
    context: "Saving win/loss reasons",
    revalidate: ["/settings/reasons"],
  },
  async ({ kind, entries, startedFrom }, user) => {
    const parsed = entriesOf(kind, entries);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message ?? "The list cannot be saved.");
    const started = entriesOf(kind, startedFrom);
    if (!started.success) return refused("The list you started from is missing: reload the page.");
    const { changes, remapped } = await saveReasonTaxonomies(getDb(), { [kind]: parsed.data }, user.id, { startedFrom: { [kind]: started.data } });
    return done({ remapped: remapped[kind] }, changes === 0 ? `Nothing changed; ${remappedText(remapped[kind])}.` : `${reasonKindInfo[kind].label} saved; ${remappedText(remapped[kind])}.`);
  },
);

/** From the review list: a raw value becomes a phrase of a label, or a label of its own. */
export const addReasonValueAction = guardedAction(
  {
    permission: "answers:manage",
    input: z.object({
      kind,
      raw: z.string().trim().min(1, "Say which value to add.").max(80, "A phrase has at most 80 characters; add a shorter part of it by editing the list."),
      label: z.string().trim().min(1, "Choose the label to add it to.").max(80, "A label has at most 80 characters."),
      create: z.boolean(),
    }),
    context: "Mapping a win/loss value",
    revalidate: ["/settings/reasons"],
  },
  async ({ kind, raw, label, create }, user) => {
    const out = await addReasonPhrase(getDb(), kind, { label, phrase: raw, create }, user.id);
    return done(out, `“${raw}” ${create ? "is a label of its own" : `now maps to ${out.label}`}; ${remappedText(out.remapped)}.`);
  },
);
