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
});
