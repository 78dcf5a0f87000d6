import { Badge } from "@/components/ui/card";
import type { ImportJob } from "@/db/schema";

const statuses: Record<ImportJob["status"], { label: string; tone: "neutral" | "brand" | "success" | "danger" | "warning" }> = {
  uploaded: { label: "Awaiting check", tone: "neutral" },
  validating: { label: "Checking", tone: "brand" },
  validated: { label: "Checked", tone: "brand" },
  committing: { label: "Importing", tone: "brand" },
  completed: { label: "Imported", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  cancelled: { label: "Discarded", tone: "neutral" },
  rolled_back: { label: "Rolled back", tone: "warning" },
};

export function ImportStatusBadge({ status }: { status: ImportJob["status"] }) {
  const s = statuses[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
