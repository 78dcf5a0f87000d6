import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactAmount, defaultIcpModel, effectiveFit, icpFit, technologyKey, type FirmographicFacts, type IcpModel } from "./icp-fit";

const blank: FirmographicFacts = { industry: null, employees: null, annualRevenue: null, country: null, technologies: [] };

describe("the test vectors of METRICS.md §5 (default model)", () => {
  it("A: a technology company just over the employee band, in the US, on HubSpot → 90, qualified", () => {
    const fit = icpFit({ industry: "Technology", employees: 1_500, annualRevenue: "40000000.00", country: "USA", technologies: ["HubSpot", "Slack"] }, defaultIcpModel);
    expect(fit.score).toBe(90);
    expect(fit.band).toBe("qualified");
    expect(fit.reasons.map((r) => [r.criterion, r.points])).toEqual([
      ["industry", 30],
      ["employees", 10],
      ["annualRevenue", 15],
      ["country", 10],
      ["technologies", 25],
      ["total", 90],
    ]);
    expect(fit.reasons[1]!.detail).toBe("1,500 employees, near 50–1,000 (within half its lower end or twice its upper end): 10 of 20 points");
    expect(fit.reasons[2]!.detail).toBe("Annual revenue 40M, inside 10M–250M: 15 of 15 points");
    expect(fit.reasons[3]!.detail).toBe("USA is a target country: 10 of 10 points");
    expect(fit.reasons.at(-1)!.detail).toBe("90 of 100 points on the criteria with data = 90");
  });

  it("B: a hotel group in Brazil with no revenue or stack known → 20 of 60 = 33, disqualify", () => {
    const fit = icpFit({ industry: "Hospitality", employees: 120, annualRevenue: null, country: "Brazil", technologies: [] }, defaultIcpModel);
    expect(fit.score).toBe(33);
    expect(fit.band).toBe("disqualify");
    expect(fit.reasons.map((r) => r.detail)).toEqual([
      "Hospitality is not a target industry: 0 of 30 points",
      "120 employees, inside 50–1,000: 20 of 20 points",
      "No annual revenue: not counted",
      "Brazil is not a target country: 0 of 10 points",
      "No technologies known: not counted",
      "20 of 60 points on the criteria with data = 33",
    ]);
  });

  it("C: no data at all → no fit", () => {
    const fit = icpFit(blank, defaultIcpModel);
    expect(fit.score).toBeNull();
    expect(fit.band).toBeNull();
    expect(fit.reasons.every((r) => r.detail.endsWith("not counted"))).toBe(true);
  });

  it("D: a large software company on Salesforce, country unknown → 55 of 90 = 61, monitor", () => {
    const fit = icpFit({ industry: "Software", employees: 5_000, annualRevenue: "600000000.00", country: null, technologies: ["salesforce"] }, defaultIcpModel);
    expect(fit.score).toBe(61);
    expect(fit.band).toBe("monitor");
    expect(fit.reasons.find((r) => r.criterion === "employees")!.detail).toBe("5,000 employees, outside 50–1,000: 0 of 20 points");
  });

  it("E: revenue in the band and no CRM, nothing else known → 15 of 40 = 37.5, rounded half up to 38", () => {
    const fit = icpFit({ ...blank, annualRevenue: 20_000_000, technologies: ["Pipedrive"] }, defaultIcpModel);
    expect(fit.score).toBe(38);
    expect(fit.band).toBe("disqualify");
  });

  it("F: a disqualifying technology takes its penalty off: A with Pipedrive disqualifying (100) → 0", () => {
    const model: IcpModel = { ...defaultIcpModel, disqualifyingTechnologies: { penalty: 100, technologies: ["Pipedrive"] } };
    const fit = icpFit({ industry: "Technology", employees: 1_500, annualRevenue: "40000000.00", country: "USA", technologies: ["HubSpot", "pipedrive"] }, model);
    expect(fit.score).toBe(0);
    expect(fit.band).toBe("disqualify");
    expect(fit.reasons.at(-2)).toEqual({ criterion: "disqualifyingTechnologies", points: -100, detail: "Uses Pipedrive, a disqualifying technology: −100 points" });
    expect(fit.reasons.at(-1)!.detail).toBe("90 of 100 points on the criteria with data = 90, less 100 = 0");
    // A smaller penalty lowers the fit without zeroing it.
    expect(icpFit({ industry: "Technology", employees: 1_500, annualRevenue: "40000000.00", country: "USA", technologies: ["HubSpot", "Pipedrive"] }, { ...model, disqualifyingTechnologies: { penalty: 30, technologies: ["Pipedrive"] } }).score).toBe(60);
  });
});

describe("criteria", () => {
  it("compares industries without case and countries by any of their names", () => {
    expect(icpFit({ ...blank, industry: "financial services" }, defaultIcpModel).score).toBe(100);
    expect(icpFit({ ...blank, country: "U.S.A." }, defaultIcpModel).score).toBe(100);
    expect(icpFit({ ...blank, country: "UK" }, defaultIcpModel).score).toBe(100);
    expect(icpFit({ ...blank, country: "France" }, defaultIcpModel).score).toBe(0);
  });

  it("gives half the points near a band and none beyond, with open-ended bands", () => {
    const employees = (n: number, min: number | null, max: number | null) =>
      icpFit({ ...blank, employees: n }, { ...defaultIcpModel, employees: { weight: 20, min, max } }).score;
    expect([employees(50, 50, 1000), employees(1000, 50, 1000), employees(25, 50, 1000), employees(24, 50, 1000), employees(2000, 50, 1000), employees(2001, 50, 1000)]).toEqual([100, 100, 50, 0, 50, 0]);
    expect([employees(1_000_000, 100, null), employees(60, 100, null), employees(10, null, 20)]).toEqual([100, 50, 100]);
  });

  it("reads technologies without case or punctuation; 'all' gives points in proportion", () => {
    expect(technologyKey("Google_Analytics")).toBe(technologyKey("google analytics"));
    const all: IcpModel = { ...defaultIcpModel, technologies: { weight: 30, required: ["Salesforce", "Gong", "Outreach"], match: "all" } };
    const fit = icpFit({ ...blank, technologies: ["salesforce", "OUTREACH"] }, all);
    expect(fit.score).toBe(67);
    expect(fit.reasons.find((r) => r.criterion === "technologies")).toEqual({ criterion: "technologies", points: 20, detail: "Uses 2 of the 3 required (Salesforce, Outreach); missing Gong: 20 of 30 points" });
  });

  it("leaves out criteria with no weight or nothing to compare with", () => {
    const model: IcpModel = { ...defaultIcpModel, industries: { weight: 0, targets: ["Software"] }, countries: { weight: 10, targets: [] }, employees: { weight: 20, min: null, max: null } };
    const fit = icpFit({ industry: "Software", employees: 10, annualRevenue: null, country: "France", technologies: [] }, model);
    expect(fit.score).toBeNull();
    expect(fit.reasons.map((r) => r.criterion)).toEqual(["annualRevenue", "technologies"]);
  });

  it("is a disqualifier alone when nothing else is known", () => {
    const model: IcpModel = { ...defaultIcpModel, technologies: { ...defaultIcpModel.technologies, weight: 0 }, disqualifyingTechnologies: { penalty: 40, technologies: ["Pipedrive"] } };
    const fit = icpFit({ ...blank, technologies: ["Pipedrive"] }, model);
    expect(fit.score).toBe(0);
    expect(fit.reasons.at(-1)!.detail).toBe("No criterion has data; the disqualifying technology sets it to 0");
  });

  it("always scores 0–100 whole numbers, and a criterion with data never raises the fit by missing", () => {
    const facts = fc.record({
      industry: fc.option(fc.constantFrom("Software", "Retail", "Technology")),
      employees: fc.option(fc.integer({ min: 0, max: 100_000 })),
      annualRevenue: fc.option(fc.integer({ min: 0, max: 10_000_000_000 })),
      country: fc.option(fc.constantFrom("US", "France", "Canada")),
      technologies: fc.array(fc.constantFrom("Salesforce", "HubSpot", "Slack"), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(facts, (f) => {
        const { score } = icpFit(f, defaultIcpModel);
        if (score === null) return;
        expect(Number.isInteger(score) && score >= 0 && score <= 100).toBe(true);
        if (f.industry !== null && f.industry !== "Retail") {
          expect(icpFit({ ...f, industry: "Retail" }, defaultIcpModel).score!).toBeLessThanOrEqual(score);
        }
      }),
    );
  });

  it("the override wins over the model", () => {
    expect(effectiveFit(62, null)).toBe(62);
    expect(effectiveFit(62, 90)).toBe(90);
    expect(effectiveFit(null, 0)).toBe(0);
  });

  it("writes amounts compactly", () => {
    expect([compactAmount(750_000), compactAmount(25_000_000), compactAmount(2_500_000_000), compactAmount(999)]).toEqual(["750K", "25M", "2.5B", "999"]);
  });
});
