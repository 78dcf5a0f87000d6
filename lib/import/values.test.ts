import { describe, expect, it } from "vitest";
import { detectDateFormat, parseDate, parseEmployees, parseMoney, splitTechnologies } from "./values";

describe("parseMoney", () => {
  it.each([
    ["$18,000.00", "18000.00"],
    ["18.000,00 €", "18000.00"],
    ["18000", "18000.00"],
    ["18 000,50", "18000.50"],
    ["USD 1,234,567.8", "1234567.80"],
    ["1.234.567,89", "1234567.89"],
    ["18.000", "18000.00"],
    ["18,5", "18.50"],
    ["0", "0.00"],
    ["12.300", "12300.00"],
    ["CHF 1'250.00", "1250.00"],
    ["99.990", "99990.00"],
    ["10.005", "10005.00"],
    ["7.50", "7.50"],
    ["12345678901234.99", "12345678901234.99"],
  ])("reads %s as %s", (text, value) => {
    expect(parseMoney(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "is empty"],
    ["abc", '"abc" is not an amount'],
    ["1,23,456", '"1,23,456" is not an amount'],
    ["1.2.3", '"1.2.3" is not an amount'],
    ["-500", '"-500" is negative'],
    ["($500.00)", '"($500.00)" is negative'],
    ["1.5.", '"1.5." is not an amount'],
    ["10,0001", '"10,0001" has fractions of a cent'],
    ["3.14159", '"3.14159" has fractions of a cent'],
  ])("refuses %j: %s", (text, error) => {
    expect(parseMoney(text)).toEqual({ ok: false, error });
  });
});

describe("parseDate", () => {
  it("reads each format, with or without a time", () => {
    expect(parseDate("2026-03-07", "iso")).toEqual({ day: "2026-03-07", time: null, offset: null });
    expect(parseDate("2026-03-07T14:05:09Z", "iso")).toEqual({ day: "2026-03-07", time: "14:05:09", offset: "Z" });
    expect(parseDate("2026-03-07 14:05:09.123+0200", "iso")).toEqual({ day: "2026-03-07", time: "14:05:09", offset: "+02:00" });
    expect(parseDate("3/7/2026", "mdy")).toEqual({ day: "2026-03-07", time: null, offset: null });
    expect(parseDate("3/7/2026 2:05 PM", "mdy")).toEqual({ day: "2026-03-07", time: "14:05:00", offset: null });
    expect(parseDate("12/7/2026 12:30 am", "mdy")?.time).toBe("00:30:00");
    expect(parseDate("3/7/2026", "dmy")?.day).toBe("2026-07-03");
    expect(parseDate("07.03.2026 09:15", "dmy_dots")).toEqual({ day: "2026-03-07", time: "09:15:00", offset: null });
    expect(parseDate("3/7/26", "mdy")?.day).toBe("2026-03-07");
  });

  it("refuses impossible dates and times", () => {
    expect(parseDate("2026-02-29", "iso")).toBeNull();
    expect(parseDate("2028-02-29", "iso")?.day).toBe("2028-02-29");
    expect(parseDate("13/1/2026", "mdy")).toBeNull();
    expect(parseDate("3/7/2026 25:00", "mdy")).toBeNull();
    expect(parseDate("3/7/2026 13:00 PM", "mdy")).toBeNull();
    expect(parseDate("2026-03-07", "mdy")).toBeNull();
    expect(parseDate("yesterday", "iso")).toBeNull();
  });
});

describe("detectDateFormat", () => {
  it("lets a day above 12 decide between M/D and D/M", () => {
    expect(detectDateFormat(["1/2/2026", "3/25/2026", ""])).toEqual({ candidates: ["mdy"], ambiguous: false });
    expect(detectDateFormat(["1/2/2026", "25/3/2026"])).toEqual({ candidates: ["dmy"], ambiguous: false });
    expect(detectDateFormat(["2026-01-02 10:00"])).toEqual({ candidates: ["iso"], ambiguous: false });
    expect(detectDateFormat(["02.01.2026"])).toEqual({ candidates: ["dmy_dots"], ambiguous: false });
  });

  it("is ambiguous when nothing decides, and not when both readings agree", () => {
    expect(detectDateFormat(["1/2/2026", "3/4/2026"])).toEqual({ candidates: ["mdy", "dmy"], ambiguous: true });
    expect(detectDateFormat(["5/5/2026"])).toEqual({ candidates: ["mdy", "dmy"], ambiguous: false });
    expect(detectDateFormat(["2026-01-02", "1/2/2026"])).toEqual({ candidates: [], ambiguous: false });
    expect(detectDateFormat([])).toEqual({ candidates: [], ambiguous: false });
  });
});

describe("parseEmployees", () => {
  it.each([
    ["1200", 1200],
    ["1,200", 1200],
    ["1.200", 1200],
    ["12 000", 12000],
    ["51-200", 125],
    ["51 - 200", 125],
    ["1,001–5,000", 3000],
    ["11 to 50", 30],
    ["1-10", 5],
    ["10,000+", 10000],
    ["0", 0],
  ])("reads %s as %d", (text, value) => {
    expect(parseEmployees(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["about 50", "is not a number of employees (a whole number such as 1,200, or a range such as 51-200)"],
    ["12.5", "is not a number of employees (a whole number such as 1,200, or a range such as 51-200)"],
    ["200-51", "is a range whose first number is the larger"],
  ])("refuses %s", (text, error) => {
    expect(parseEmployees(text)).toEqual({ ok: false, error });
  });
});

describe("splitTechnologies", () => {
  it("splits on semicolons or commas, trims, and keeps each once", () => {
    expect(splitTechnologies("Salesforce; HubSpot ,salesforce;;Google  Analytics")).toEqual(["Salesforce", "HubSpot", "Google Analytics"]);
    expect(splitTechnologies(" ")).toEqual([]);
  });
});
