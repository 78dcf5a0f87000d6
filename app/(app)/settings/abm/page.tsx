import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { AbmSettingsForm } from "./abm-settings-form";

export const metadata: Metadata = { title: "ABM settings" };

export default async function AbmSettingsPage() {
  const settings = await getSetting(getDb(), "abm");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/accounts" className="text-brand-700 hover:underline">
          ← Accounts
        </Link>
      </nav>
      <PageHeader title="ABM settings" description="The rules that suggest each account's tier, when a role counts as gone dark, and the content to send each role." />
      <AbmSettingsForm initial={settings} />
    </>
  );
}
