import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/index";
import { getSetting } from "@/db/queries/settings";
import { Calculator } from "./calculator";
import { guardedPage } from "@/app/_guard/guarded-page";

export const metadata: Metadata = { title: "Velocity calculator" };

export default guardedPage("velocity:view", async function CalculatorPage() {
  const [organisation, velocity] = await Promise.all([getSetting(getDb(), "organisation"), getSetting(getDb(), "velocity")]);
  return (
    <>
      <PageHeader
        title="Velocity calculator"
        description="Try what-ifs without any data: enter the four levers, see the velocity, what a 15 % improvement of each lever is worth, and the scenarios. The inputs stay in the link, so you can share it."
        actions={
          <Link href="/velocity" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
            Back to velocity
          </Link>
        }
      />
      <Calculator currency={organisation.currency} defaultImprovement={velocity.improvement} />
    </>
  );
});
