import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/ui/logo";
import { getDb } from "@/db/index";
import { demoDataInfo } from "@/db/queries/workspace";
import { currentUser } from "@/lib/auth";
import { SignInForm } from "./sign-in-form";
import { publicPage } from "@/app/_guard/public";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default publicPage("the way in for everyone signed out", async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  const demo = await demoDataInfo(getDb());

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Logo className="text-lg text-slate-900" />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
          <p className="mt-1 mb-5 text-sm text-slate-600">Pipeline velocity, funnel and buying groups in one place.</p>
          <SignInForm callbackUrl={callbackUrl} demoEmails={demo?.signIns ?? []} />
        </div>
      </div>
    </main>
  );
});
