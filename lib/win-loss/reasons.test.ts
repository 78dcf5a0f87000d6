import { describe, expect, it } from "vitest";
import { competitors, lossReasonsEarly, lossReasonsLate, winReasons } from "@/db/seed/vocabulary";
import { reasonTaxonomiesSettings } from "@/lib/settings/definitions";
import { defaultReasonTaxonomies, duplicateLabel, mapReason, reasonShown, withPhrase, type ReasonEntry } from "./reasons";

const { loss, win, competitor } = defaultReasonTaxonomies;

describe("mapReason", () => {
  it("maps the ways a CRM writes one reason to one label", () => {
    for (const raw of ["Price", "price too high", "Pricing", "  PRICE ", "Closed Lost - Pricing", "Too expensive for them"]) expect(mapReason(raw, loss)).toBe("Price");
    expect(mapReason("Went with a competitor", loss)).toBe("Lost to competitor");
    expect(mapReason("Ghosted us after the demo", loss)).toBe("Went dark after proposal");
    expect(mapReason("Budget freeze until Q3", loss)).toBe("Budget freeze");
    expect(mapReason("No budget this year", loss)).toBe("No budget");
    expect(mapReason("Excel", competitor)).toBe("Spreadsheets (status quo)");
    expect(mapReason("Pipe IQ", competitor)).toBe("PipeIQ");
  });

  it("leaves text no entry maps, and nothing, unmapped", () => {
    expect(mapReason("Procurement took too long", loss)).toBeNull();
    expect(mapReason("", loss)).toBeNull();
    expect(mapReason(null, loss)).toBeNull();
    // Whole words only: "priced" is a phrase, "surprise" holds "price" but not as a word.
    expect(mapReason("A surprise", loss)).toBeNull();
  });

  it("maps a text written as a label to that label before any phrase of an earlier entry", () => {
    const taxonomy: ReasonEntry[] = [
      { label: "Budget", phrases: ["budget"] },
      { label: "Budget freeze", phrases: [] },
    ];
    expect(mapReason("budget  FREEZE", taxonomy)).toBe("Budget freeze");
    expect(mapReason("budget freeze in Q3", taxonomy)).toBe("Budget");
  });

  it("maps every reason and competitor the demo company's CRM writes to itself", () => {
    for (const [reason] of [...lossReasonsEarly, ...lossReasonsLate]) expect(mapReason(reason, loss)).toBe(reason);
    for (const reason of winReasons) expect(mapReason(reason, win)).toBe(reason);
    for (const name of competitors) expect(mapReason(name, competitor)).toBe(name);
  });
});

describe("taxonomy edits", () => {
  it("adds a raw value as a phrase of a label, or as a label of its own", () => {
    const taxonomy: ReasonEntry[] = [{ label: "Price", phrases: ["price"] }];
    expect(withPhrase(taxonomy, "price", "Too pricey")).toEqual([{ label: "Price", phrases: ["price", "Too pricey"] }]);
    expect(withPhrase(taxonomy, "Price", "PRICE")).toEqual(taxonomy);
    expect(withPhrase(taxonomy, "Procurement", "Procurement")).toEqual([...taxonomy, { label: "Procurement", phrases: [] }]);
    expect(withPhrase(taxonomy, "Procurement", "procurement took too long")).toEqual([...taxonomy, { label: "Procurement", phrases: ["procurement took too long"] }]);
  });

  it("refuses two labels written the same way, and accepts the defaults", () => {
    expect(duplicateLabel([{ label: "Price", phrases: [] }, { label: " price", phrases: [] }])).toBe(" price");
    expect(reasonTaxonomiesSettings.safeParse({ ...defaultReasonTaxonomies, loss: [{ label: "Price", phrases: [] }, { label: "PRICE", phrases: [] }] }).error?.issues[0]?.message).toBe(
      '"PRICE" is a loss reason twice; give each its own label',
    );
    expect(reasonTaxonomiesSettings.safeParse(defaultReasonTaxonomies).success).toBe(true);
  });

  it("shows a deal's label, else its raw text as not mapped yet", () => {
    expect(reasonShown("Price", "price too high")).toBe("Price");
    expect(reasonShown(null, " Procurement ")).toBe("Unmapped: Procurement");
    expect(reasonShown(null, null)).toBeNull();
  });
});
