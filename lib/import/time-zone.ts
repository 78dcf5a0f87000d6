/** Local wall-clock times in an IANA time zone as instants, for cells written without an offset. */

// Building a formatter costs far more than using one, and an import reads millions of cells.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function offsetMinutes(instant: number, timeZone: string): number {
  // UTC has no offset to look up.
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant at which clocks in `timeZone` show `day` `time` (HH:MM:SS, default midnight). A time
 * skipped by a daylight-saving change is read with the offset from before the change; a repeated
 * one as its first occurrence.
 */
export function localTimeToInstant(day: string, time: string | null, timeZone: string): Date {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return new Date(`${day}T${time ?? "00:00:00"}Z`);
  // Exports repeat the same days and times: each is worked out once per zone.
  const key = `${timeZone} ${day} ${time}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  if (instants.size >= 100_000) instants.clear();
  const instant = zonedInstant(day, time, timeZone);
  instants.set(key, instant.getTime());
  return instant;
}

const instants = new Map<string, number>();

function zonedInstant(day: string, time: string | null, timeZone: string): Date {
  const [y, mo, d] = day.split("-").map(Number) as [number, number, number];
  const [h, mi, s] = (time ?? "00:00:00").split(":").map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetMinutes(wall - 86_400_000, timeZone);
  const after = offsetMinutes(wall + 86_400_000, timeZone);
  // The first reading that shows the wall time, trying the earlier offset first.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const instant = wall - offset * 60_000;
    if (offsetMinutes(instant, timeZone) === offset) return new Date(instant);
  }
  return new Date(wall - before * 60_000);
}

/** What clocks in `timeZone` show at `instant`: the day (YYYY-MM-DD) and time (HH:MM:SS). */
export function wallClock(instant: Date, timeZone: string): { day: string; time: string } {
  const local = new Date(instant.getTime() + offsetMinutes(instant.getTime(), timeZone) * 60_000);
  const iso = local.toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 19) };
}
