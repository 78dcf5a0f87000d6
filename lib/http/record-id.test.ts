import { describe, expect, it } from "vitest";
import { NotFoundError } from "@/lib/errors";
import { parseRecordId, recordIdOrNotFound } from "./record-id";

describe("parseRecordId", () => {
  it("reads a positive whole number that fits an integer id", () => {
    expect(parseRecordId("1")).toBe(1);
    expect(parseRecordId("999999")).toBe(999999);
    expect(parseRecordId("2147483647")).toBe(2147483647);
  });

  it.each(["0", "-1", "07", "7.0", "1e3", " 7", "7 ", "abc", "", "2147483648", "99999999999", "0x10"])("names no record for %j", (raw) => {
    expect(parseRecordId(raw)).toBeNull();
  });
});

describe("recordIdOrNotFound", () => {
  it("answers a malformed id with a 404 naming the record and the parameter", () => {
    expect(recordIdOrNotFound("12", "account")).toBe(12);
    const error = (() => {
      try {
        recordIdOrNotFound("abc", "account");
      } catch (e) {
        return e;
      }
    })() as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.message).toBe("There is no account #abc.");
    expect(error.field).toBe("id");
  });
});
