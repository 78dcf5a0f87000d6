import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth";

export default async function TargetsLayout({ children }: { children: ReactNode }) {
  await requirePermission("targets:view");
  return children;
}
