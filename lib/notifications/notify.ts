/**
 * The one way an event notifies people: `notify` records it in the caller's transaction, in a
 * savepoint, so a failure to notify is logged and never fails what happened; the e-mails and
 * webhooks it queued go out from the deliveries worker.
 */
import "server-only";
import type { DatabaseOrTransaction } from "@/db/index";
import { recordEvent, type NewEvent, type RaisedEvent } from "@/db/queries/notifications";
import { emailConfigured, wakeDeliveries } from "./deliver";

export async function notify(db: DatabaseOrTransaction, event: NewEvent): Promise<RaisedEvent | null> {
  try {
    const raised = await db.transaction((savepoint) => recordEvent(savepoint, event, { email: emailConfigured() }));
    if (raised?.deliveries) wakeDeliveries();
    return raised;
  } catch (error) {
    console.error(`Notifying "${event.event}" (${event.subject ?? event.title}) failed:`, error instanceof Error ? error.message : error);
    return null;
  }
}
