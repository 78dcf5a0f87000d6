import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth";

export default async function ImportLayout({ children }: { children: ReactNode }) {
  await requirePermission("imports:manage");
  return children;
}
