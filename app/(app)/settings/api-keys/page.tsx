import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { apiKeyScopes, listApiKeys } from "@/db/queries/api-keys";
import { CreateKeyForm, RevokeKeyButton } from "./forms";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "API keys" };

const day = (d: Date | null) => (d ? d.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }) : "never");

export default guardedPage("apiKeys:manage", async function ApiKeysPage() {
  const keys = await listApiKeys(getDb());
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Machine clients read metrics and send signals with a key: <code className="rounded bg-slate-100 px-1 text-xs">GET /api/v1/metrics/velocity?from=2026-07-01&amp;to=2026-09-30</code> with the
            header <code className="rounded bg-slate-100 px-1 text-xs">Authorization: Bearer &lt;key&gt;</code>; signals go to{" "}
            <code className="rounded bg-slate-100 px-1 text-xs">POST /api/v1/signals</code> with a key that may send them.
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card className="min-w-0">
          {keys.length === 0 ? (
            <p className="text-sm text-slate-600">No keys yet. Create one for each client, so you can revoke one without breaking the others.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {keys.map((k) => (
                <li key={k.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`api-key-${k.name}`}>
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      {k.name} {k.revokedAt ? <Badge tone="danger">Revoked {day(k.revokedAt)}</Badge> : k.creatorActive ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Refused: its creator is deactivated</Badge>}
                    </p>
                    <p className="text-xs text-slate-500">
                      <code>{k.prefix}…</code> · may{" "}
                      <span data-testid="api-key-scopes">{k.scopes.map((s) => (s in apiKeyScopes ? apiKeyScopes[s as keyof typeof apiKeyScopes] : s).toLowerCase()).join(" and ")}</span> · created {day(k.createdAt)}
                      {k.createdBy ? ` by ${k.createdBy}` : ""} · last used {day(k.lastUsedAt)}
                    </p>
                  </div>
                  {k.revokedAt ? null : <RevokeKeyButton id={k.id} name={k.name} />}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="New key" description="The key is shown once. Give each key only what its client needs; revoke a key as soon as it is no longer needed.">
          <CreateKeyForm scopes={Object.entries(apiKeyScopes).map(([scope, label]) => ({ scope, label }))} />
        </Card>
      </div>
    </>
  );
});
