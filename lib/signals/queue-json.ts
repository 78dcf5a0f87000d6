/** The queue as the page hands it to the browser and the queue route answers it: times as ISO strings. */
import type { QueueSignal, SignalQueue } from "@/db/queries/signals";

type Iso<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
export type QueueItem = Iso<QueueSignal>;
export interface QueueJson {
  /** One page of the signals waiting for a first response. */
  waiting: QueueItem[];
  /** The page it is (from 1) and how many a page holds; waitingCounts counts every page. */
  page: number;
  pageSize: number;
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

export function queueJson(queue: SignalQueue, { page, pageSize }: { page: number; pageSize: number }): QueueJson {
  return { waiting: queue.waiting.map(queueItem), page, pageSize, respondedNoMeeting: queue.respondedNoMeeting.map(queueItem), waitingCounts: queue.waitingCounts };
}
