/** Local wall-clock times in an IANA time zone as instants, for cells written without an offset. */

function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
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
