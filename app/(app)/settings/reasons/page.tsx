import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { reasonCounts, unmappedReasons } from "@/db/queries/reasons";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format";
import { reasonKindInfo, reasonKinds } from "@/lib/win-loss/reasons";
import { ReasonListEditor, ReviewList } from "./reason-lists";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Win/loss reasons" };

export default guardedPage("velocity:view", async function ReasonsPage({ user }) {
  const db = getDb();
  const [taxonomies, { currency }] = await Promise.all([getSetting(db, "reasonTaxonomies"), getSetting(db, "organisation")]);
  const lists = await Promise.all(
    reasonKinds.map(async (kind) => ({ kind, counts: Object.fromEntries(await reasonCounts(db, kind)), unmapped: await unmappedReasons(db, kind) })),
  );
  const editable = can(user.role, "answers:manage");
  return (
    <>
      <PageHeader
        title="Win/loss reasons"
        description="Win and loss reasons and competitors, each deal's text from the CRM mapped to one list: the label it is written as, else the first label with one of its phrases as whole words, in any case. The CRM's text is kept; saving a list re-maps every deal."
      />
      <div className="space-y-8">
        {lists.map(({ kind, counts, unmapped }) => (
          <section key={kind} aria-labelledby={`${kind}-heading`} className="space-y-3">
            <div>
              <h2 id={`${kind}-heading`} className="text-lg font-semibold text-slate-900">
                {reasonKindInfo[kind].label}
              </h2>
              <p className="text-sm text-slate-600">{reasonKindInfo[kind].description}</p>
            </div>
            <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
              {editable ? (
                <ReasonListEditor kind={kind} saved={taxonomies[kind]} counts={counts} />
              ) : (
                <Card title="Labels" description="Marketing and admins edit these lists.">
                  <ol className="divide-y divide-slate-100 text-sm">
                    {taxonomies[kind].map((entry) => (
                      <li key={entry.label} className="flex flex-wrap items-center gap-2 py-2">
                        <Badge tone="brand">{entry.label}</Badge>
                        <span className="text-xs text-slate-500 tabular-nums">{formatCount(counts[entry.label] ?? 0)} deals</span>
                        <span className="text-slate-700">{entry.phrases.join(", ")}</span>
                      </li>
                    ))}
                  </ol>
                </Card>
              )}
              <ReviewList kind={kind} values={unmapped.values} total={unmapped.total} labels={taxonomies[kind].map((e) => e.label)} currency={currency} editable={editable} />
            </div>
          </section>
        ))}
      </div>
    </>
  );
});
