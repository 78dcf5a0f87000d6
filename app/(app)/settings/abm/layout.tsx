import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth";

/** Marketing and admins run the ABM program's rules and content. */
export default async function AbmSettingsLayout({ children }: { children: ReactNode }) {
  await requirePermission("abm:manage");
  return children;
}
