/**
 * The Buying Group Mapper, before and after (docs/metrics.md §12): over the deals closed in each
 * window, the share of the people on their maps with a role identified (Newcombe's interval for
 * the change; people of one deal are not independent, so it is a guide, not a test), the roles
 * engaged per deal (distinct buying-group roles with someone Engaged or Active on the deal's map)
 * with Welch's test of the change, and the share of multi-threaded deals (3 or more contacts Engaged
 * or Active, §5) with Newcombe's interval. Pure.
 */
import { rate, type Rate } from "./abm";
import { proportionDifference, welchTest, type MeanDifference, type ProportionDifference } from "./statistics";

export interface DealCoverage {
  /** People on the deal's map, and those of them with a role. */
  contacts: number;
  withRole: number;
  /** Distinct roles with someone Engaged or Active on the deal's map. */
  roles: number;
  /** Contacts Engaged or Active on it. */
  engaged: number;
}

export interface CoverageSide {
  deals: number;
  /** People on the maps with a role ÷ people on the maps. */
  identified: Rate;
  /** Mean roles per deal; null without a deal. */
  rolesPerDeal: number | null;
  multiThreaded: Rate;
}

export interface MapperImpact {
  before: CoverageSide;
  after: CoverageSide;
  /** after − before of the mean roles per deal; null with fewer than 2 deals on a side. */
  identifiedChange: ProportionDifference | null;
  rolesChange: MeanDifference | null;
  multiThreadedChange: ProportionDifference | null;
}

const MULTI_THREADED = 3;

function summary(deals: readonly DealCoverage[]) {
  const n = deals.length;
  const mean = n ? deals.reduce((s, d) => s + d.roles, 0) / n : 0;
  const variance = n > 1 ? deals.reduce((s, d) => s + (d.roles - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

function side(deals: readonly DealCoverage[]): CoverageSide {
  const s = summary(deals);
  const identified = rate(
    deals.reduce((n, d) => n + d.withRole, 0),
    deals.reduce((n, d) => n + d.contacts, 0),
  );
  return { deals: s.n, identified, rolesPerDeal: s.n ? s.mean : null, multiThreaded: rate(deals.filter((d) => d.engaged >= MULTI_THREADED).length, s.n) };
}

export function mapperImpact(before: readonly DealCoverage[], after: readonly DealCoverage[]): MapperImpact {
  const b = side(before);
  const a = side(after);
  return {
    before: b,
    after: a,
    identifiedChange: proportionDifference(a.identified.hits, a.identified.n, b.identified.hits, b.identified.n),
    rolesChange: welchTest(summary(after), summary(before)),
    multiThreadedChange: proportionDifference(a.multiThreaded.hits, a.multiThreaded.n, b.multiThreaded.hits, b.multiThreaded.n),
  };
}
