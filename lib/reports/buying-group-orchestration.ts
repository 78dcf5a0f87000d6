/**
 * buying-group-orchestration.md for one account: its map, coverage and gaps with the action and
 * the content for each, then the same for each open deal (playbook Phase 4).
 */
import type { AccountPicture } from "@/lib/abm/account-map";
import { tierInfo } from "@/lib/domain/abm-tiers";
import { buyingGroupRoleInfo, buyingGroupRoles, type BuyingGroupRole, type RoleContent } from "@/lib/domain/buying-group";
import { formatAmount } from "@/lib/format";
import type { MapContact } from "@/db/queries/buying-groups";
import type { Coverage, Gap } from "@/lib/metrics/buying-group";
import { literal, section, table } from "./markdown";

export const ORCHESTRATION_FILE_NAME = "buying-group-orchestration.md";

const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "never");
const coverageLine = (c: Coverage) => `**Coverage:** ${c.identified}/5 identified · ${c.engaged}/5 engaged · ${c.active}/5 active.`;
const gapKind = { missing: "Missing", under_engaged: "Under-engaged", gone_dark: "Gone dark" } as const;

function mapTable(contacts: MapContact[]): string {
  const rows = buyingGroupRoles.flatMap((role) => {
    const people = contacts.filter((c) => c.role === role);
    const label = buyingGroupRoleInfo[role].label;
    if (people.length === 0) return [[label, "— (gap)", "", "", "", "", ""]];
    return people.map((c) => [label, literal(c.name), literal(c.title ?? ""), c.status, c.engagementLevel, day(c.lastTouchAt), literal(c.gapAction ?? "")]);
  });
  return table(["Role", "Contact", "Title", "Status", "Engagement", "Last touch", "Gap action"], rows, ["left", "left", "left", "left", "left", "left", "left"]);
}

function gapTable(gaps: Gap[]): string {
  if (gaps.length === 0) return "No gaps: every role is identified, engaged and touched recently.";
  return table(
    ["Role", "Gap", "Action", "Send"],
    // The action names the contacts and the asset marketing wrote.
    // The Content Personalizer's pick from the library, while it is on, with its link and why.
    gaps.map((g) => [buyingGroupRoleInfo[g.role].label, gapKind[g.kind], literal(g.action), g.pick ? `${literal(g.pick.title)}, ${literal(g.pick.url)} (picked: ${literal(g.pick.reasons.join("; "))})` : literal(g.asset)]),
    ["left", "left", "left", "left"],
  );
}

/** What each role needs and the content to send it (the ABM settings' content mapping). */
export function roleContentTable(content: Record<BuyingGroupRole, RoleContent>): string {
  return table(
    ["Role", "What they need", "Asset", "Stage"],
    buyingGroupRoles.map((r) => [buyingGroupRoleInfo[r].label, literal(content[r].painPoint), literal(content[r].asset), literal(content[r].stage)]),
    ["left", "left", "left", "left"],
  );
}

export function orchestrationMarkdown(p: AccountPicture): string {
  const { account } = p;
  const tier = account.tier ? `${tierInfo[account.tier].label} (${tierInfo[account.tier].motion})` : "not in the ABM program";
  const header = [
    `# Buying-group orchestration: ${literal(account.name)}`,
    [
      `**Owner:** ${account.ownerName ? literal(account.ownerName) : "none"}.`,
      `**Tier:** ${tier}${account.tier !== account.suggestedTier ? ` (the rules suggest ${account.suggestedTier ? tierInfo[account.suggestedTier].label : "no tier"})` : ""}.`,
      `**ICP fit:** ${account.icpFit ?? "—"}. **Intent:** ${Math.round(account.intent)}.`,
      `**Tier rules, as of now:** ${p.tierReasons.map(literal).join("; ")}.`,
      `**Generated:** ${p.asOf.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    ].join("  \n"),
  ].join("\n");
  const content = section("Content by role", roleContentTable(p.settings.roleContent));
  const deals = p.deals.map((d) =>
    [
      `### ${literal(d.name)}`,
      `${literal(d.stage)} · ${formatAmount(d.amount, { currency: p.currency })} · ${d.ownerName ? literal(d.ownerName) : "no owner"} · ${d.threading === "multi" ? "multi-threaded" : d.threading === "single" ? "single-threaded" : "2 contacts engaged"}.  \n${coverageLine(d.coverage)}`,
      mapTable(d.contacts),
      gapTable(d.gaps),
    ].join("\n\n"),
  );
  return [
    header,
    section("Account map", coverageLine(p.coverage), mapTable(p.map.contacts)),
    section(`Gaps and actions (dark after ${p.settings.darkAfterDays} days)`, gapTable(p.gaps)),
    section("Open deals", deals.length ? deals.join("\n\n") : "No open deals."),
    content,
  ].join("\n\n") + "\n";
}
