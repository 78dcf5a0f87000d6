/** What can be downloaded as CSV, under which name and path. Shared by the route, the queries and the links. */
export const exportEntities = ["opportunities", "accounts", "contacts", "leads", "buying-groups"] as const;
export type ExportEntity = (typeof exportEntities)[number];

export const exportEntityLabels: Record<ExportEntity, string> = {
  opportunities: "Opportunities",
  accounts: "Accounts",
  contacts: "Contacts",
  leads: "Leads",
  "buying-groups": "Buying-group maps",
};

export function isExportEntity(value: string): value is ExportEntity {
  return (exportEntities as readonly string[]).includes(value);
}

/** "opportunities-2026-07-31.csv": the day the file was taken, so repeated downloads sort and do not clash. */
export function exportFileName(entity: ExportEntity, day: string): string {
  return `${entity}-${day}.csv`;
}

/** The download path; `accountId` narrows buying-group maps to one account. */
export function exportPath(entity: ExportEntity, { accountId }: { accountId?: number } = {}): string {
  return accountId === undefined ? `/export/${entity}` : `/export/${entity}?account=${accountId}`;
}
