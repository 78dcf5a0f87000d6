import { describe, expect, it } from "vitest";
import { assetInput, readAssetRows, splitList } from "./content-assets";
import { funnelStageOf, noFitReason, pickAsset, pickForRole, signalPerson, type LibraryAsset, type PersonFacts } from "./content-personalizer";

const asset = (id: number, over: Partial<LibraryAsset>): LibraryAsset => ({ id, title: `Asset ${id}`, format: "guide", url: `https://x.example/${id}`, roles: [], stages: [], industries: [], signalTypes: [], competitor: null, ...over });
const person: PersonFacts = { role: "economic_buyer", stage: "decision", industry: "Software", signalType: "pricing_page_depth", competitor: "PipeIQ", consumed: new Set() };

describe("the Content Personalizer's pick", () => {
  const roi = asset(1, { title: "ROI calculator", roles: ["economic_buyer"], stages: ["decision"], signalTypes: ["pricing_page_depth"] });
  const versus = asset(2, { title: "Us vs PipeIQ", competitor: "PipeIQ", stages: ["consideration", "decision"] });
  const techGuide = asset(3, { title: "Security guide", roles: ["technical_evaluator"] });
  const healthcare = asset(4, { title: "Healthcare story", industries: ["Healthcare"], roles: ["economic_buyer"] });

  it("picks the asset sharing the most with the person, with its reasons", () => {
    const pick = pickAsset([versus, roi, techGuide, healthcare], person);
    expect(pick?.asset.title).toBe("ROI calculator");
    expect(pick?.score).toBe(3 + 2 + 3);
    expect(pick?.reasons).toEqual(["for an Economic Buyer", "at the decision stage", "answers pricing page depth"]);
  });

  it("leaves out an asset naming another role, stage or industry, and one already consumed", () => {
    expect(pickAsset([techGuide], person)).toBeNull();
    expect(pickAsset([healthcare], person)).toBeNull();
    expect(pickAsset([roi], { ...person, stage: "awareness" })).toBeNull();
    expect(pickAsset([roi, versus], { ...person, consumed: new Set([1]) })?.asset.title).toBe("Us vs PipeIQ");
  });

  it("needs at least the minimum score: an asset that names nothing fits anyone but is no pick", () => {
    expect(pickAsset([asset(9, {})], person)).toBeNull();
    // The competitor alone (2) is under the minimum; with the stage (2 more) it is a pick.
    expect(pickAsset([asset(5, { competitor: "PipeIQ" })], person)).toBeNull();
    expect(pickAsset([versus], person)).toMatchObject({ score: 4, reasons: ["at the decision stage", "against PipeIQ"] });
  });

  it("breaks a tie by the dimensions matched, then the newest asset", () => {
    const a = asset(10, { roles: ["economic_buyer"] });
    const b = asset(11, { roles: ["economic_buyer"] });
    expect(pickAsset([a, b], { ...person, signalType: null, competitor: null, stage: "awareness" })?.asset.id).toBe(11);
  });

  it("reads the stage from the open deal", () => {
    expect(funnelStageOf(null)).toBe("awareness");
    expect(funnelStageOf(2)).toBe("consideration");
    expect(funnelStageOf(3)).toBe("decision");
  });
});

describe("picks for a signal and for a buying-group gap", () => {
  const roi = asset(1, { title: "ROI calculator", roles: ["economic_buyer"], stages: ["decision"], signalTypes: ["pricing_page_depth"] });
  const evalGuide = asset(2, { title: "Evaluation guide", roles: ["technical_evaluator"], industries: ["Software"] });
  const evalOther = asset(3, { title: "Evaluation guide (health)", roles: ["technical_evaluator"], industries: ["Healthcare"] });

  it("reads a signal's facts: its stage from the open deal, what was sent to the person left out", () => {
    const facts = { type: "pricing_page_depth", role: "economic_buyer" as const, industry: "Software", dealStagePosition: 4, competitor: null, consumed: [] };
    expect(pickAsset([roi], signalPerson(facts))?.score).toBe(8);
    expect(pickAsset([roi], signalPerson({ ...facts, dealStagePosition: 1 }))).toBeNull();
    expect(pickAsset([roi], signalPerson({ ...facts, consumed: [1] }))).toBeNull();
  });

  it("picks for a missing role at the account's stage and industry", () => {
    const account = { industry: "Software", dealStagePosition: 2, competitor: null, consumed: [] };
    expect(pickForRole([roi, evalGuide, evalOther], "technical_evaluator", account)).toMatchObject({ asset: { id: 2 }, score: 5, reasons: ["for a Technical Evaluator", "in Software"] });
    // The ROI calculator names the decision stage: an economic buyer at consideration gets nothing.
    expect(pickForRole([roi, evalGuide], "economic_buyer", account)).toBeNull();
    expect(pickForRole([roi, evalGuide], "technical_evaluator", { ...account, consumed: [2] })).toBeNull();
  });

  it("says why nothing fits, as the library's gap", () => {
    expect(noFitReason({ type: "pricing_page_depth", role: null, industry: null, dealStagePosition: null, competitor: null, consumed: [] })).toBe(
      "No asset in the library fits someone with no role at the awareness stage after a pricing page depth.",
    );
    expect(noFitReason({ type: "demo_request", role: "champion", industry: "Fintech", dealStagePosition: 3, competitor: null, consumed: [4, 5] })).toMatch(
      /^No asset in the library fits a Champion in Fintech at the decision stage after a .+ \(2 already sent to them left out\)\.$/,
    );
  });
});

describe("an asset as marketing enters it", () => {
  it("reads lists by key or label, and names what is wrong", () => {
    const ok = assetInput.safeParse({ title: " ROI ", format: "ROI calculator", url: "https://x.example/roi", roles: "Economic Buyer; champion", stages: "decision", industries: "Software, Fintech", signalTypes: "pricing_page_depth", competitor: "" });
    expect(ok.success && ok.data).toEqual({ title: "ROI", format: "roi_calculator", url: "https://x.example/roi", roles: ["economic_buyer", "champion"], stages: ["decision"], industries: ["Software", "Fintech"], signalTypes: ["pricing_page_depth"], competitor: null });
    const bad = assetInput.safeParse({ title: "", format: "fax", url: "www.example.com", roles: "Chief Wizard", stages: "later", signalTypes: "telepathy" });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "title: Title is required",
        expect.stringMatching(/^format: Format must be one of Case study, .*; got “fax”$/),
        "url: Link must be a web address starting with http:// or https://",
        "roles: Roles: “Chief Wizard” is not a buying-group role",
        "stages: Stages: “later” is not a stage (awareness, consideration, decision)",
        "signalTypes: Signal types: “telepathy” is not a signal type of the taxonomy",
      ]),
    );
    expect(splitList(" a; b,a ,, c ")).toEqual(["a", "b", "c"]);
  });

  it("imports a CSV all or nothing, naming each bad row and column", () => {
    const rows = (lines: string[][]) => lines.map((cells, i) => ({ row: i + 1, cells }));
    const header = ["Title", "Format", "URL", "Roles", "Stages", "Industries", "Signal types", "Competitor"];
    const good = readAssetRows(rows([header, ["ROI", "roi_calculator", "https://x.example/roi", "economic_buyer", "decision", "", "", ""], ["", "", "", "", "", "", "", ""]]));
    expect(good.ok && good.assets.map((a) => a.title)).toEqual(["ROI"]);
    const bad = readAssetRows(rows([header, ["ROI", "roi_calculator", "ftp://x", "", "", "", "", ""], ["Guide", "guide", "https://x.example/g", "wizard", "", "", "", "PipeIQ\u0000"]]));
    expect(bad).toEqual({
      ok: false,
      errors: [
        { row: 2, field: "url", message: "Link must be a web address starting with http:// or https://" },
        { row: 3, field: "competitor", message: "holds a NUL character" },
      ],
    });
    expect(readAssetRows(rows([["Name", "Link"]]))).toMatchObject({ ok: false, errors: [{ row: 1, field: "header" }] });
    expect(readAssetRows(rows([header]))).toMatchObject({ ok: false, errors: [{ field: "row", message: "The file has a header but no asset." }] });
  });
});
