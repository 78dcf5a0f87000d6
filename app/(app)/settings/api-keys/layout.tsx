import type { ReactNode } from "react";
import { requirePermission } from "@/lib/auth";

export default async function ApiKeysLayout({ children }: { children: ReactNode }) {
  await requirePermission("apiKeys:manage");
  return children;
}
