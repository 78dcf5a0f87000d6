import Link from "next/link";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/bell";
import { Logo } from "@/components/ui/logo";
import { requireUser } from "@/lib/auth";
import { roleLabels } from "@/lib/domain/roles";
import { navMenuFor } from "@/lib/navigation";
import { signOutAction } from "./actions";
import { MainNav } from "./main-nav";

// Every page behind sign-in reads the session and the database: never prerender one at build time.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();

  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <MainNav
          sections={navMenuFor(user.role)}
          brand={
            <Link href="/" className="shrink-0 text-slate-900">
              <Logo />
            </Link>
          }
          account={
            <>
              <div className="text-sm leading-tight md:text-right" data-testid="current-user">
                <p className="font-medium whitespace-nowrap text-slate-900">{user.name}</p>
                <p className="text-xs whitespace-nowrap text-slate-500">{roleLabels[user.role]}</p>
              </div>
              <div className="flex items-center gap-3">
                <NotificationBell />
                <form action={signOutAction}>
                  <button type="submit" title="Signs you out here and on every other device" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-50">
                    Sign out
                  </button>
                </form>
              </div>
            </>
          }
        />
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
