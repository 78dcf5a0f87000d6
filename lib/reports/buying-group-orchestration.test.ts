import { describe, expect, it } from "vitest";
import type { MapContact } from "@/db/queries/buying-groups";
import type { AccountPicture } from "@/lib/abm/account-map";
import type { BuyingGroupRole } from "@/lib/domain/buying-group";
import { tierReasons } from "@/lib/metrics/abm";
import { coverage, gapAnalysis, knownChampions, threading } from "@/lib/metrics/buying-group";
import { orchestrationMarkdown } from "./buying-group-orchestration";
import { expectNamesEscaped, roleContentNamed } from "./testing";

const asOf = new Date("2026-11-24T09:00:00Z");

/** An account, its owner, contacts (names, titles, gap actions), deals, their stages and owners, all named `name`. */
function pictureNamed(name: string): AccountPicture {
  const contact = (id: number, role: BuyingGroupRole | null, status: MapContact["status"], lastTouchAt: Date | null): MapContact => ({
    id,
    name,
    title: name,
    email: null,
    role,
    status,
    engagementLevel: "low",
    lastTouchAt,
    gapAction: name,
  });
  // One of each gap: a champion engaged, a buyer only identified, a user gone dark, two roles missing.
  const contacts = [contact(1, "champion", "active", asOf), contact(2, "economic_buyer", "identified", asOf), contact(3, "end_user", "engaged", new Date("2026-01-01T00:00:00Z"))];
  const settings = { darkAfterDays: 30, roleContent: roleContentNamed(name), tierRules: {} };
  const options = { now: asOf, darkAfterDays: 30, content: settings.roleContent };
  const deal = { id: 9, name, amount: "30000.00", stage: name, ownerId: 2, ownerName: name, version: 1, contacts };
  return {
    account: { id: 1, name, ownerName: name, tier: "tier_1", suggestedTier: "tier_2", icpFit: 90, intent: 70 },
    map: { account: { id: 1, name, ownerId: 1, ownerName: name, version: 1 }, contacts, deals: [deal] },
    coverage: coverage(contacts),
    gaps: gapAnalysis(contacts, options),
    champions: knownChampions(contacts),
    tierReasons: tierReasons({ icpFit: 90, intent: 70, champions: knownChampions(contacts) }),
    deals: [{ ...deal, coverage: coverage(contacts), threading: threading(contacts), gaps: gapAnalysis(contacts, options) }],
    history: [],
    settings,
    currency: "USD",
    asOf,
  } as unknown as AccountPicture;
}

describe("the buying-group orchestration plan's Markdown", () => {
  it("prints names from imports and users as text: no table is split, nothing is linked, no HTML gets through", () => {
    expectNamesEscaped((name) => orchestrationMarkdown(pictureNamed(name)));
  });

  it("keeps its headings and figures", () => {
    const markdown = orchestrationMarkdown(pictureNamed("[click](javascript:alert(1))"));
    expect(markdown).toMatch(/^# Buying-group orchestration: \\\[click\\\]\(javascript:alert\(1\)\)\n/);
    expect(markdown).toContain("### \\[click\\](javascript:alert(1))\n");
    expect(markdown).toContain("**ICP fit:** 90. **Intent:** 70.");
    expect(markdown).toContain("**Coverage:** 3/5 identified · 2/5 engaged · 1/5 active.");
  });
});
