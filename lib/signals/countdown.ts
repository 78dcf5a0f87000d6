/**
 * What the queue shows about time: the SLA left on a signal (or how far past it), and how long ago
 * it arrived. Pure, so the ticking client component and the tests share it.
 */

export interface SlaState {
  /** "4:59", "1:02:03", or "3 d 4 h" for long co-engagement windows. */
  text: string;
  overdue: boolean;
}

function clock(totalSeconds: number): string {
  const s = Math.floor(totalSeconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  if (days > 0) return `${days} d ${hours} h`;
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, "0") : String(minutes);
  return `${hours > 0 ? `${hours}:` : ""}${mm}:${String(seconds).padStart(2, "0")}`;
}

/** Time left until `dueAt` at `now`, or time past it; null where the track has no SLA (automated). */
export function slaState(dueAt: Date | null, now: Date): SlaState | null {
  if (dueAt === null) return null;
  const ms = dueAt.getTime() - now.getTime();
  return ms >= 0 ? { text: clock(ms / 1000), overdue: false } : { text: clock(-ms / 1000), overdue: true };
}

/** "just now", "45 s ago", "12 min ago", "3 h ago", "2 d ago". */
export function timeAgo(at: Date, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
