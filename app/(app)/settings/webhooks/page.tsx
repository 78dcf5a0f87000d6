import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { listWebhooks, webhookDeliveries, type DeliveryLogEntry } from "@/db/queries/notifications";
import { getSetting } from "@/db/queries/settings";
import { eventInfo, notificationEvents } from "@/lib/domain/notifications";
import { formatWhen } from "@/lib/format";
import { guardedPage } from "@/app/_guard/guarded-page";
import { CreateWebhookForm, WebhookButtons } from "./forms";

export const metadata: Metadata = { title: "Webhooks" };

const stateBadge: Record<DeliveryLogEntry["state"], { tone: "success" | "danger" | "warning" | "neutral"; label: string }> = {
  sent: { tone: "success", label: "Sent" },
  failed: { tone: "danger", label: "Failed" },
  pending: { tone: "warning", label: "Waiting to retry" },
  sending: { tone: "neutral", label: "Sending" },
};

export default guardedPage("webhooks:manage", async function WebhooksPage() {
  const db = getDb();
  const [hooks, { timeZone }] = await Promise.all([listWebhooks(db), getSetting(db, "organisation")]);
  const logs = new Map(await Promise.all(hooks.map(async (h) => [h.id, await webhookDeliveries(db, h.id, 10)] as const)));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Events posted as JSON to Slack or any HTTP endpoint: Slack shows the <code className="rounded bg-slate-100 px-1 text-xs">text</code>; other receivers also get the event&apos;s
            fields. Each request is signed: <code className="rounded bg-slate-100 px-1 text-xs">X-Pipeline-Signature: sha256=HMAC(secret, timestamp + &quot;.&quot; + body)</code> with the
            timestamp in <code className="rounded bg-slate-100 px-1 text-xs">X-Pipeline-Timestamp</code>. A failed post is tried again after 1, 5, 15 and 60 minutes, then marked failed.
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card className="min-w-0">
          {hooks.length === 0 ? (
            <p className="text-sm text-slate-600">No webhooks yet. Add one to post handoffs to your sales channel the moment they happen.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {hooks.map((h) => (
                <li key={h.id} className="py-3" data-testid={`webhook-${h.name}`}>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">
                        {h.name} {h.active ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>}
                      </p>
                      <p className="text-xs break-all text-slate-500">{h.url}</p>
                      <p className="mt-1 text-xs text-slate-600">{h.events.map((e) => eventInfo[e].label).join(" · ")}</p>
                      <p className="mt-1 text-xs text-slate-500" data-testid="webhook-counts">
                        {h.sent} sent · {h.failed} failed · {h.waiting} waiting · created {formatWhen(h.createdAt, timeZone)}
                        {h.createdBy ? ` by ${h.createdBy}` : ""}
                      </p>
                    </div>
                    <WebhookButtons id={h.id} name={h.name} active={h.active} version={h.version} />
                  </div>
                  {logs.get(h.id)?.length ? (
                    <details className="mt-2">
                      <summary className="cursor-pointer text-xs font-medium text-indigo-700">Latest deliveries</summary>
                      <ul className="mt-2 space-y-2">
                        {logs.get(h.id)!.map((d) => (
                          <li key={d.id} className="rounded border border-slate-100 p-2 text-xs">
                            <p className="flex flex-wrap items-center gap-2">
                              <Badge tone={stateBadge[d.state].tone}>{stateBadge[d.state].label}</Badge>
                              <span className="font-medium text-slate-800">{d.title}</span>
                              <span className="text-slate-500">{formatWhen(d.createdAt, timeZone)}</span>
                            </p>
                            {d.state === "pending" && d.attempts > 0 ? <p className="mt-1 text-slate-600">Next try {formatWhen(d.nextAttemptAt, timeZone)}.</p> : null}
                            <ol className="mt-1 space-y-0.5 text-slate-600">
                              {d.tries.map((t, i) => (
                                <li key={i}>
                                  Try {i + 1}, {formatWhen(t.attemptedAt, timeZone)}: {t.ok ? `delivered (HTTP ${t.status})` : (t.error ?? "failed")} · {t.durationMs} ms
                                </li>
                              ))}
                            </ol>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="New webhook" description="The secret is shown once. Give each receiver its own webhook, so you can turn one off without the others.">
          <CreateWebhookForm events={notificationEvents.map((event) => ({ event, label: eventInfo[event].label }))} />
        </Card>
      </div>
    </>
  );
});
