import { describe, expect, it } from "vitest";
import { expectNamesEscaped, velocityReportNamed } from "./testing";
import { velocityAuditMarkdown } from "./velocity-audit";

describe("the velocity audit's Markdown", () => {
  it("prints names from imports and users as text: no table is split, nothing is linked, no HTML gets through", () => {
    expectNamesEscaped((name) => velocityAuditMarkdown(velocityReportNamed(name)));
  });

  it("leaves the figures and its own Markdown alone", () => {
    const markdown = velocityAuditMarkdown(velocityReportNamed("Acme | Corp"));
    expect(markdown).toContain("**Filters:** segment Acme \\| Corp, source Acme \\| Corp, owner Acme \\| Corp.");
    expect(markdown).toContain("| Acme \\| Corp | 40 | 25.0% (10%–50%, n = 12) |");
    expect(markdown).toContain("| **Acme \\| Corp** (worst) | 10 | 50.0% |");
    expect(markdown).toContain("Time zone:** America/New_York.");
  });

  it("says, beside each money figure, how many of its deals have no amount", () => {
    const markdown = velocityAuditMarkdown(velocityReportNamed("Acme"));
    expect(markdown).toContain(
      "Closed deals: 10 won, 30 lost. 2 of 10 won deals in this period have no amount: counted in N, win rate and cycle, left out of average deal size (and so of velocity).",
    );
    expect(markdown).toContain("| Open pipeline | $100,000 | Sum of the amount of open opportunities that have one; 3 of 91 open deals have no amount |");
    expect(markdown).toContain("; 1 of 20 open deals closing this quarter has no amount |");
    expect(markdown).not.toContain("won deals this quarter"); // none of the 4 lacks one
    expect(markdown).toContain("A small sample (n = 10 won deals, fewer than 30)");
    expect(markdown).toContain("compared with the 92 days before (");
    expect(markdown).toContain("| Pipeline created | $80,000 | Amount of opportunities created in the period; 5 of 30 deals created in the period have no amount |");
    // Each segment's ADS: 2 of its 10 won deals.
    expect(markdown).toContain("| $20,000; 2 of 10 won deals have no amount |");
  });
});
