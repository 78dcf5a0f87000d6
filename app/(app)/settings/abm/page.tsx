import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { AbmSettingsForm } from "./abm-settings-form";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "ABM settings" };

export default guardedPage("abm:manage", async function AbmSettingsPage() {
  const settings = await getSetting(getDb(), "abm");
  return (
    <>
      <BackLink href="/accounts" label="Accounts" />
      <PageHeader
        title="ABM settings"
        description={
          <>
            The rules that suggest each account&apos;s tier, when a role counts as gone dark, and the content to send each role. The ICP fit the tiers read is computed by the{" "}
            <Link href="/settings/icp" className="text-brand-700 underline">
              ICP model
            </Link>
            .
          </>
        }
      />
      <AbmSettingsForm initial={settings} />
    </>
  );
});
