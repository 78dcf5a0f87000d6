/**
 * Planted proof gaps (issue 21): the case-study library covers most of the demo pipeline, and each
 * rep has at least one open deal it does not: a use case the product is newly sold for, an objection
 * no customer story answers yet, on an account in an industry the library has no story from. So the
 * content team's gap list and each rep's "no matching story" count have something true to show.
 * Matching itself is lib/win-loss/proof-matching.ts: a planted deal is checked against it.
 */
import type { SeedContext } from "./context";
import type { AccountBook } from "./generate-accounts";
import type { Pipeline } from "./generate-opportunities";
import type { SalesTeam } from "./generate-people";
import type { DemoData } from "./types";
import { unansweredObjections, uncoveredUseCases } from "./vocabulary";
import { bestMatches, type DealProfile, type ProofStory } from "@/lib/win-loss/proof-matching";

export function plantProofGaps(ctx: SeedContext, team: SalesTeam, book: AccountBook, pipeline: Pipeline, library: DemoData["caseStudies"]): void {
  const rng = ctx.rng.fork("proof-gaps");
  const stories: ProofStory[] = library.map((s) => ({
    id: s.id,
    title: s.title,
    industry: s.industry ?? null,
    sizeBand: s.sizeBand ?? null,
    useCase: s.useCase ?? null,
    competitor: s.competitor ?? null,
    objection: s.objection ?? null,
    stageId: s.stageId ?? null,
  }));
  const profileOf = (o: Pipeline["opportunities"][number]): DealProfile => {
    const account = book.byId[o.accountId];
    return {
      industry: account?.industry ?? null,
      employees: account?.employees ?? null,
      segment: o.segment ?? account?.segment ?? null,
      useCase: o.useCase ?? null,
      competitor: o.competitor ?? null,
      objection: o.objection ?? null,
      stageId: o.stageId ?? null,
    };
  };
  const gap = (o: Pipeline["opportunities"][number]) => bestMatches(profileOf(o), stories, undefined, 1).length === 0;
  for (const rep of team.reps) {
    const open = pipeline.opportunities.filter((o) => o.status === "open" && o.ownerId === rep.id);
    if (open.length === 0 || open.some(gap)) continue;
    // A deal the library cannot reach however it is described: an industry and competitor it has no story for.
    const candidates = open.filter((o) => {
      const profile = profileOf(o);
      return !stories.some((s) => s.industry === profile.industry) && !stories.some((s) => s.competitor === profile.competitor);
    });
    for (const deal of rng.shuffle([...candidates])) {
      const was = { useCase: deal.useCase, objection: deal.objection, name: deal.name };
      const useCase = rng.pick(uncoveredUseCases);
      Object.assign(deal, { useCase, objection: rng.pick(unansweredObjections), name: `${book.byId[deal.accountId]!.name} – ${useCase}` });
      if (gap(deal)) break;
      Object.assign(deal, was);
    }
  }
}
