import { describe, expect, it } from "vitest";
import { toCents } from "@/lib/metrics/figure";
import { leverAnalysis, velocityOf } from "@/lib/metrics/velocity";
import { readCalculatorInputs } from "./inputs";

const read = (query: string) => readCalculatorInputs(new URLSearchParams(query));

describe("velocity calculator inputs", () => {
  it("reads the shared link of the METRICS example and reproduces its vectors to the cent", () => {
    const { values, errors } = read("opps=50&winRate=22&dealSize=18000&cycle=45");
    expect(errors).toEqual({});
    expect(toCents(velocityOf(values!).value!)).toBe(4400);
    expect(leverAnalysis(values!, 0.15).map((r) => toCents(r.velocity.value!))).toEqual([5060, 5060, 5060, 5176.47, 7872.76]);
  });

  it("defaults to the example when the link has no inputs, and accepts thousands separators", () => {
    expect(read("").values).toEqual({ qualifiedOpportunities: 50, winRate: 0.22, averageDealSize: 18000, salesCycleDays: 45 });
    expect(read("dealSize=18,000").values?.averageDealSize).toBe(18000);
  });

  it("names each input that is not a number or out of range", () => {
    const { values, errors } = read("opps=lots&winRate=120&dealSize=-5&cycle=0");
    expect(values).toBeNull();
    expect(errors).toEqual({
      opps: '"lots" is not a number.',
      winRate: "Enter a percentage from 0 to 100.",
      dealSize: "Enter zero or a positive amount.",
      cycle: "Enter a cycle longer than zero days.",
    });
  });
});
