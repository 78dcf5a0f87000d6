"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { openStages } from "@/db/queries/stalls";
import { addStory, deleteStory, importStories, updateStory } from "@/db/queries/proof";
import { readSmallCsv } from "@/lib/import/small-csv";
import { readStoryRows, storyInput, type StoryRowError } from "@/lib/win-loss/proof-stories";
import { done, guardedAction, guardedFormAction, refused } from "@/app/_guard/guarded-action";

const revalidate = [{ layout: "/win-loss" }, { layout: "/deals" }, "/overview"];

const stageKnown = async (stageId: number | null) => stageId === null || (await openStages(getDb())).some((s) => s.id === stageId);

/** Adds a story, or saves one against the version it was opened at. */
export const saveStoryAction = guardedFormAction(
  {
    permission: "answers:manage",
    context: "Saving a case study",
    input: storyInput.extend({
      id: z.coerce.number().int().positive().optional(),
      version: z.coerce.number().int().positive().optional(),
    }),
    fromForm: (form) => {
      const raw = Object.fromEntries(form);
      if (raw.id === "") delete raw.id;
      if (raw.version === "") delete raw.version;
      return raw;
    },
    highlightsFields: true,
    revalidate,
  },
  async ({ id, version, ...fields }, user) => {
    if (!(await stageKnown(fields.stageId))) return refused("Stage it helps must be an open pipeline stage.", "stageId");
    if (id === undefined) {
      const story = await addStory(getDb(), fields, user.id);
      return done({ id: story.id }, `“${story.title}” added to the library.`);
    }
    if (version === undefined) return refused("The story's version is missing: reload the page.");
    const story = await updateStory(getDb(), { id, version, fields }, user.id);
    return done({ id: story.id }, `“${story.title}” saved.`);
  },
);

export const deleteStoryAction = guardedAction(
  {
    permission: "answers:manage",
    context: "Deleting a case study",
    input: z.object({ id: z.number().int().positive(), version: z.number().int().positive() }),
    revalidate,
  },
  async (input, user) => {
    await deleteStory(getDb(), input, user.id);
    return done(null, "Story deleted.");
  },
);

/** A CSV of stories: all of them are added, or none and every row's error is listed. */
export const importStoriesAction = guardedFormAction(
  {
    permission: "answers:manage",
    context: "Importing case studies",
    input: z.object({ file: z.instanceof(File, { message: "Choose a CSV file." }) }),
    revalidate,
  },
  async ({ file }, user): Promise<{ ok: true; data: { added: number }; message: string } | { ok: false; error: string; rowErrors?: StoryRowError[] }> => {
    const csv = await readSmallCsv(file, "story");
    if (!csv.ok) return refused(csv.error, "file");
    const stages = await openStages(getDb());
    const read = readStoryRows(csv.rows, (name) => stages.find((s) => s.name.toLowerCase() === name.toLowerCase())?.id);
    if (!read.ok) return { ok: false, error: `Nothing was imported: ${read.errors.length} ${read.errors.length === 1 ? "problem" : "problems"} to fix.`, rowErrors: read.errors };
    const added = await importStories(getDb(), read.stories, user.id);
    return { ok: true, data: { added }, message: `${added} ${added === 1 ? "story" : "stories"} imported.` };
  },
);
