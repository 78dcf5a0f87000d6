import { describe, expect, it } from "vitest";
import { candidateNames, describeMatches, matchAccountName, normaliseAccountName, normaliseDomain } from "./match-keys";

describe("normaliseAccountName", () => {
  it.each([
    ["Acme, Inc.", "acme"],
    ["ACME   Inc", "acme"],
    [" Acme LLC ", "acme"],
    ["Acme Pty Ltd", "acme"],
    ["Müller GmbH", "müller"],
    ["Northwind Software", "northwind software"],
    ["Smith & Co.", "smith"],
    ["Acme Holdings", "acme holdings"],
    ["Inc", "inc"],
  ])("%s → %s", (name, key) => {
    expect(normaliseAccountName(name)).toBe(key);
  });
});

describe("normaliseDomain", () => {
  it("strips the protocol, www., the path and the port", () => {
    expect(normaliseDomain("https://www.Acme.com/about")).toBe("acme.com");
    expect(normaliseDomain("http://acme.io:8080/x?y")).toBe("acme.io");
    expect(normaliseDomain("WWW.GLOBEX.CO.UK")).toBe("globex.co.uk");
    expect(normaliseDomain("not a domain")).toBeNull();
  });
});

describe("matchAccountName", () => {
  const acmeInc = { id: 1, name: "Acme Inc" };
  const acmeLlc = { id: 2, name: "ACME LLC" };
  it("takes the only candidate, or the one written the same way, and flags the rest as ambiguous", () => {
    expect(matchAccountName("Acme", [])).toEqual({ kind: "none" });
    expect(matchAccountName("Acme, Inc.", [acmeInc])).toEqual({ kind: "one", account: acmeInc });
    expect(matchAccountName("acme  inc", [acmeInc, acmeLlc])).toEqual({ kind: "one", account: acmeInc });
    expect(matchAccountName("Acme", [acmeInc, acmeLlc])).toEqual({ kind: "many", candidates: [acmeInc, acmeLlc] });
    expect(matchAccountName("Acme Inc", [acmeInc, { id: 3, name: "ACME INC" }])).toMatchObject({ kind: "many" });
  });

  it("names the candidates for a row's error", () => {
    expect(candidateNames([acmeInc, acmeLlc])).toBe('"Acme Inc" and "ACME LLC"');
    expect(candidateNames([acmeInc, acmeLlc, acmeInc, acmeLlc])).toBe('"Acme Inc", "ACME LLC" and "Acme Inc" (and 1 more)');
  });
});

describe("describeMatches", () => {
  it("says what the rows matched on, leaving out the keys that matched nothing", () => {
    expect(describeMatches({ counts: { domain: 12, name: 3, new: 40 }, examples: [] })).toBe("matched 12 by domain, 3 by name, 40 new");
    expect(describeMatches({ counts: { externalId: 1200 }, examples: [] })).toBe("matched 1,200 by CRM ID");
    expect(describeMatches({ counts: { new: 2 }, examples: [] })).toBe("2 new");
    expect(describeMatches({ counts: {}, examples: [] })).toBeNull();
    expect(describeMatches(null)).toBeNull();
  });
});
