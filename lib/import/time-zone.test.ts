import { describe, expect, it } from "vitest";
import { localTimeToInstant } from "./time-zone";

describe("localTimeToInstant", () => {
  it("reads wall-clock times in the organisation's time zone", () => {
    expect(localTimeToInstant("2026-07-01", null, "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(localTimeToInstant("2026-01-15", "09:30:00", "America/New_York").toISOString()).toBe("2026-01-15T14:30:00.000Z");
    expect(localTimeToInstant("2026-01-15", "09:30:00", "Asia/Kolkata").toISOString()).toBe("2026-01-15T04:00:00.000Z");
    expect(localTimeToInstant("2026-03-01", null, "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("handles the daylight-saving changes", () => {
    // Skipped: 02:30 on Mar 8 2026 does not exist in New York; read with the winter offset.
    expect(localTimeToInstant("2026-03-08", "02:30:00", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Repeated: 01:30 on Nov 1 2026 happens twice; the first (summer time) is taken.
    expect(localTimeToInstant("2026-11-01", "01:30:00", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(localTimeToInstant("2026-10-25", "02:30:00", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
});
