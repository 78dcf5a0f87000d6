"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** How often the bell asks for new notifications. */
export const BELL_POLL_MS = 5_000;

interface BellData {
  unread: number;
  latest: { id: number; event: string; title: string; createdAt: string }[];
}

async function fetchBell(): Promise<BellData> {
  const response = await fetch("/api/notifications", { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as BellData;
}

/** The header's bell: the unread count, asked for on load and every few seconds after, and a link to the inbox. */
export function NotificationBell() {
  const pathname = usePathname();
  const { data } = useQuery({
    queryKey: ["notifications", "bell", pathname],
    queryFn: fetchBell,
    refetchInterval: BELL_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
  const unread = data?.unread ?? 0;
  const label = unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`;
  const latest = data?.latest[0]?.title;
  return (
    <Link
      href="/inbox"
      aria-label={label}
      title={latest ? `${label}. Latest: ${latest}` : label}
      data-testid="notification-bell"
      className="relative inline-flex size-9 shrink-0 items-center justify-center rounded-md border border-slate-300 text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-5">
        <path strokeLinecap="round" strokeLinejoin="round" d="M14.9 17.1a24 24 0 0 0 5.5-1.3A8.97 8.97 0 0 1 18 9.8V9A6 6 0 0 0 6 9v.8a8.97 8.97 0 0 1-2.3 6 24 24 0 0 0 5.4 1.3m5.7 0a24.3 24.3 0 0 1-5.7 0m5.7 0a3 3 0 1 1-5.7 0" />
      </svg>
      {unread > 0 ? (
        <span data-testid="notification-count" className="absolute -top-1.5 -right-1.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
      <span className="sr-only" aria-live="polite">
        {unread > 0 ? `${unread} unread` : ""}
      </span>
    </Link>
  );
}
