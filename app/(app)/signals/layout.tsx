import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth";

/** Checked here, outside the page's loading boundary, so a refusal is a real 403 before anything streams. */
export default async function SignalsLayout({ children }: { children: ReactNode }) {
  await requirePermission("signals:view");
  return children;
}
