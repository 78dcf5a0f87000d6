import { describe, expect, it } from "vitest";
import { MAX_IN_FLIGHT, formatFeedCursor, isAfter, parseFeedCursor, runningBelow } from "./feed-cursor";

describe("the live feed's cursor", () => {
  it("reads back what it wrote, with and without running transactions", () => {
    for (const cursor of [
      { txid: "0", id: 0, inFlight: [] },
      { txid: "18446744073709551615", id: 2_147_483_647, inFlight: ["5", "9"] },
    ]) {
      expect(parseFeedCursor(formatFeedCursor(cursor))).toEqual(cursor);
    }
    expect(formatFeedCursor({ txid: "812", id: 40, inFlight: ["790", "801"] })).toBe("812.40.790-801");
  });

  it("refuses text it did not write and numbers past their types", () => {
    for (const text of ["", "x", "12", "12.", "12.4.", "12.4.5-", "-1.4", "1.2.3.4", "18446744073709551616.1", "1.2147483648", "1.2.18446744073709551616"]) {
      expect(parseFeedCursor(text), text).toBeNull();
    }
    expect(parseFeedCursor(`1.1.${Array.from({ length: MAX_IN_FLIGHT + 1 }, (_, i) => i).join("-")}`)).toBeNull();
  });

  it("keeps the running transactions below the position, in order, compared as 64-bit numbers", () => {
    expect(runningBelow(["10", "9", "100", "12"], "12")).toEqual(["9", "10"]);
    expect(runningBelow(["4294967296", "4294967295"], "4294967297")).toEqual(["4294967295", "4294967296"]);
    expect(isAfter({ txid: "10", id: 1 }, { txid: "9", id: 50 })).toBe(true);
    expect(isAfter({ txid: "9", id: 51 }, { txid: "9", id: 50 })).toBe(true);
    expect(isAfter({ txid: "9", id: 50 }, { txid: "9", id: 50 })).toBe(false);
  });
});
