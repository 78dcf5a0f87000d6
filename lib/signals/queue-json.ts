/** The queue as the page hands it to the browser and the queue route answers it: times as ISO strings. */
import type { QueueSignal, SignalQueue } from "@/db/queries/signals";

type Iso<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
export type QueueItem = Iso<QueueSignal>;
export interface QueueJson {
  waiting: QueueItem[];
  respondedNoMeeting: QueueItem[];
  waitingCounts: { waiting: number; overdue: number };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function queueItem(s: QueueSignal): QueueItem {
  return {
    ...s,
    occurredAt: s.occurredAt.toISOString(),
    receivedAt: s.receivedAt.toISOString(),
    responseDueAt: iso(s.responseDueAt),
    firstResponseAt: iso(s.firstResponseAt),
    meetingBookedAt: iso(s.meetingBookedAt),
  };
}

export function queueJson(queue: SignalQueue): QueueJson {
  return { waiting: queue.waiting.map(queueItem), respondedNoMeeting: queue.respondedNoMeeting.map(queueItem), waitingCounts: queue.waitingCounts };
}
