import type { Metadata } from "next";
import { Badge, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { can } from "@/lib/auth/permissions";
import { channelInfo } from "@/lib/domain/channels";
import { AttributionNav } from "../../attribution-nav";
import { RulesEditor } from "./rules-editor";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Answer rules" };

export default guardedPage("attribution:view", async function AnswerRulesPage({ user }) {
  const { rules } = await getSetting(getDb(), "answerRules");
  const editable = can(user.role, "answers:manage");
  return (
    <>
      <PageHeader
        title="Answer rules"
        description="How a “How did you hear about us?” answer becomes a channel. Saving re-maps every past answer by the new rules, except those a marketer set by hand."
      />
      <AttributionNav current="/attribution/answers/rules" />
      {editable ? (
        <RulesEditor saved={rules} />
      ) : (
        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <p className="text-sm text-slate-600">Marketing and admins edit these rules. First match wins; anything no rule matches is Other.</p>
          <ol className="mt-4 divide-y divide-slate-100 text-sm">
            {rules.map((rule, index) => (
              <li key={index} className="flex flex-wrap gap-2 py-2">
                <span className="w-6 text-slate-500 tabular-nums">{index + 1}.</span>
                <Badge tone="brand">{channelInfo[rule.channel].label}</Badge>
                <span className="text-slate-700">{rule.phrases.join(", ")}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
});
