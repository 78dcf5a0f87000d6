"use server";

import { z } from "zod";
import { getDb } from "@/db/index";
import { accountRow, setAccountTier } from "@/db/queries/accounts";
import { editBuyingGroup, mapOwners, type MapEdit } from "@/db/queries/buying-groups";
import { setFitOverride } from "@/db/queries/icp-fit";
import { getSetting } from "@/db/queries/settings";
import type { PublicUser } from "@/db/queries/users";
import { canMakeMapEdit } from "@/lib/auth/permissions";
import { abmTiers } from "@/lib/domain/abm-tiers";
import { buyingGroupRoleInfo, buyingGroupRoles, contactStatuses, engagementLevels } from "@/lib/domain/buying-group";
import { done, guardedAction } from "@/app/_guard/guarded-action";

const id = (what: string) => z.number({ error: `${what} must be a number` }).int().positive(`${what} must be positive`);
const role = z.enum(buyingGroupRoles, { error: (issue) => `Unknown role "${String(issue.input)}": use one of ${buyingGroupRoles.map((r) => buyingGroupRoleInfo[r].label).join(", ")}.` });
const status = z.enum(contactStatuses, { error: (issue) => `Unknown status "${String(issue.input)}": use identified, engaged or active.` });
const engagement = z.enum(engagementLevels, { error: (issue) => `Unknown engagement level "${String(issue.input)}": use none, low, medium or high.` });

const edit = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("assign"), contactId: id("The contact"), role }),
    z.object({
      kind: z.literal("add"),
      name: z.string().trim().min(1, "Enter the contact's name.").max(200, "A name has at most 200 characters."),
      title: z.string().trim().max(200, "A title has at most 200 characters.").nullable(),
      role: role.nullable(),
    }),
    z.object({ kind: z.literal("status"), contactId: id("The contact"), value: status }),
    z.object({ kind: z.literal("engagement"), contactId: id("The contact"), value: engagement }),
    z.object({ kind: z.literal("gapAction"), contactId: id("The contact"), value: z.string().max(500, "A gap action has at most 500 characters.").nullable() }),
    z.object({ kind: z.literal("remove"), contactId: id("The contact") }),
  ],
  { error: "Unknown kind of edit." },
);

const mapEdit = z.object({
  accountId: id("The account"),
  opportunityId: id("The deal").optional(),
  expectedVersion: z.number().int().positive("The map's version is missing."),
  edit,
});

export type MapEditInput = z.input<typeof mapEdit>;

/** Who may make this edit: account data needs the account's map, a deal's own contacts the deal's (canMakeMapEdit). */
async function mayEditMap(user: PublicUser, input: z.output<typeof mapEdit>): Promise<boolean> {
  const { accountId, opportunityId } = input;
  const owners = await mapOwners(getDb(), opportunityId === undefined ? { accountId } : { accountId, opportunityId });
  return canMakeMapEdit(user, owners, opportunityId !== undefined, input.edit.kind);
}

/**
 * Saves one edit of an account's or a deal's buying-group map. A rep may edit the maps of the
 * accounts they own, and the deal's own contacts on the deals they own (adding a contact changes
 * the account, so it needs the account); anyone else gets 403 and nothing is written.
 */
export const editMapAction = guardedAction(
  {
    permission: "accounts:view",
    input: mapEdit,
    context: "Editing a buying-group map",
    allow: mayEditMap,
    revalidate: (input) => [`/accounts/${input.accountId}`, ...(input.opportunityId === undefined ? [] : [`/deals/${input.opportunityId}`])],
  },
  async ({ accountId, opportunityId, expectedVersion, edit }, user) => {
    const target = opportunityId === undefined ? { accountId } : { accountId, opportunityId };
    const saved = await editBuyingGroup(getDb(), { ...target, expectedVersion, edit: edit as MapEdit, actorId: user.id });
    return done({ version: saved.version });
  },
);

const tierInput = z.object({
  accountId: id("The account"),
  tier: z.enum([...abmTiers, "none"], { error: "Choose Tier 1, Tier 2, Tier 3 or no tier." }),
  reason: z.string().trim().max(500, "A reason has at most 500 characters.").nullable(),
});

/** Sets the tier in force; a tier that differs from the rules' suggestion needs a reason. */
export const setTierAction = guardedAction(
  { permission: "abm:manage", input: tierInput, context: "Setting an account's tier", revalidate: (input) => [`/accounts/${input.accountId}`, "/accounts"] },
  async (input, user) => {
    const db = getDb();
    const { tierRules } = await getSetting(db, "abm");
    const account = await accountRow(db, tierRules, input.accountId);
    await setAccountTier(db, {
      accountId: account.id,
      tier: input.tier === "none" ? null : input.tier,
      reason: input.reason,
      suggested: account.suggestedTier,
      actorId: user.id,
    });
    return done(undefined);
  },
);

const fitOverride = z.object({
  accountId: id("The account"),
  expectedVersion: z.number({ error: "The account's version is missing: reload the page." }).int().positive("The account's version is missing: reload the page."),
  fit: z.number({ error: "The fit must be a number" }).int("The fit must be a whole number").min(0, "The fit must be 0 or more").max(100, "The fit must be 100 or less").nullable(),
  reason: z.string().trim().max(500, "A reason has at most 500 characters.").nullable(),
});

/** Sets marketing's ICP fit for this account with the reason, or clears it (null) to put the model's fit back in force. */
export const setFitOverrideAction = guardedAction(
  { permission: "abm:manage", input: fitOverride, highlightsFields: true, context: "Setting an account's ICP fit", revalidate: (input) => [`/accounts/${input.accountId}`, "/accounts"] },
  async (input, user) => {
    const saved = await setFitOverride(getDb(), { ...input, actorId: user.id });
    return done(saved, input.fit === null ? "The model's fit is in force again." : `Fit set to ${input.fit}.`);
  },
);
