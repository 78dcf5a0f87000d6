/** The shapes of the demo company's go-to-market; imported data may carry other values. */
export const demoSegments = ["SMB", "Mid-Market", "Enterprise"] as const;
export const demoSources = ["Inbound", "Outbound", "Paid Search", "Partner", "Events"] as const;
export const demoRegions = ["North America", "EMEA", "APAC"] as const;
