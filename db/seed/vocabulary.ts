/**
 * The words of the demo company's world: people, companies, industries, competitors and reasons.
 * All company and competitor names are invented.
 */
import type { BuyingGroupRole, Seniority } from "@/lib/domain/buying-group";

export const firstNames = [
  "Aaliyah", "Adam", "Aisha", "Alejandro", "Alex", "Amara", "Amelia", "Andre", "Anna", "Arjun",
  "Ben", "Bianca", "Carlos", "Caroline", "Chen", "Chloe", "Chris", "Claire", "Daniel", "David",
  "Diego", "Elena", "Emily", "Emma", "Ethan", "Fatima", "Felix", "Gabriel", "Grace", "Hana",
  "Hannah", "Hiroshi", "Isaac", "Isabel", "Jack", "James", "Jasmine", "Javier", "Jessica", "Jin",
  "John", "Jonas", "Julia", "Kai", "Karen", "Kate", "Kevin", "Laura", "Leah", "Leo", "Liam", "Lina",
  "Lucas", "Lucy", "Maria", "Mark", "Maya", "Mei", "Michael", "Miguel", "Mohammed", "Nadia",
  "Naomi", "Nathan", "Nina", "Noah", "Olivia", "Omar", "Oscar", "Paul", "Priya", "Rachel", "Rahul",
  "Rosa", "Ryan", "Samuel", "Sara", "Sean", "Sofia", "Sophie", "Stefan", "Tariq", "Thomas", "Tom",
  "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
] as const;

export const lastNames = [
  "Adams", "Ahmed", "Alvarez", "Andersen", "Baker", "Banerjee", "Becker", "Bennett", "Brooks",
  "Campbell", "Carter", "Castro", "Chen", "Clarke", "Collins", "Cooper", "Costa", "Davies", "Diaz",
  "Dubois", "Edwards", "Evans", "Fischer", "Fernandes", "Foster", "Garcia", "Gomez", "Gray", "Green",
  "Gupta", "Hall", "Hansen", "Harris", "Hughes", "Ito", "Jackson", "Jensen", "Johnson", "Kaur",
  "Kelly", "Khan", "Kim", "Klein", "Kowalski", "Lambert", "Larsen", "Lee", "Lewis", "Lopez", "Martin",
  "Meyer", "Miller", "Moore", "Morales", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Brien", "Okafor",
  "Olsen", "Park", "Patel", "Perez", "Petrov", "Ramirez", "Reed", "Reyes", "Richter", "Rivera",
  "Roberts", "Rossi", "Santos", "Schmidt", "Scott", "Shah", "Silva", "Singh", "Smith", "Sousa",
  "Stewart", "Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Turner", "Wagner", "Walker",
  "Wang", "Watson", "Weber", "White", "Williams", "Wilson", "Wong", "Wright", "Young", "Zhang",
] as const;

/** Two halves of invented company names: "North" + "wind". */
export const companyHeads = [
  "Blue", "North", "Iron", "Silver", "Bright", "Clear", "Red", "Stone", "Oak", "Pine", "Summit",
  "River", "Harbor", "Cobalt", "Amber", "Atlas", "Nova", "Apex", "Lumen", "Vertex", "Granite",
  "Cedar", "Maple", "Falcon", "Orbit", "Quartz", "Willow", "Crest", "Echo", "True", "Prime", "Arc",
  "Sky", "Sun", "Star", "Wave", "Bay", "Lake", "Swift", "Golden",
] as const;

export const companyTails = [
  "wind", "bridge", "gate", "field", "stone", "point", "light", "works", "line", "path", "forge",
  "scale", "leaf", "spring", "ridge", "port", "grid", "loop", "shift", "stack", "flow", "mark",
  "view", "base", "well", "craft", "hive", "peak", "track", "vale",
] as const;

/** Industries with their share of accounts, ICP bonus and the words their companies are named with. */
export const industries = [
  { name: "Software", weight: 28, icpBonus: 12, words: ["Software", "Labs", "Cloud", "Systems"] },
  { name: "Fintech", weight: 12, icpBonus: 10, words: ["Pay", "Capital", "Finance", "Ledger"] },
  { name: "Cybersecurity", weight: 9, icpBonus: 10, words: ["Security", "Shield", "Defense", "Guard"] },
  { name: "Healthcare", weight: 10, icpBonus: 3, words: ["Health", "Care", "Bio", "Medical"] },
  { name: "E-commerce", weight: 10, icpBonus: 3, words: ["Commerce", "Shop", "Retail", "Goods"] },
  { name: "Professional Services", weight: 9, icpBonus: -4, words: ["Partners", "Consulting", "Advisory", "Group"] },
  { name: "Manufacturing", weight: 7, icpBonus: -8, words: ["Industries", "Manufacturing", "Works", "Materials"] },
  { name: "Logistics", weight: 6, icpBonus: -6, words: ["Logistics", "Freight", "Supply", "Transit"] },
  { name: "Media", weight: 5, icpBonus: -6, words: ["Media", "Studios", "Publishing"] },
  { name: "Education", weight: 4, icpBonus: -10, words: ["Learning", "Academy", "Education"] },
] as const;

/**
 * How a CRM ends up writing each industry: the rep's picklist, HubSpot's values, a typo. The
 * industry rules file them back under one industry; "Tech" waits for a rule (the review list).
 */
export const industrySpellings: Record<(typeof industries)[number]["name"], readonly string[]> = {
  Software: ["Computer Software", "SOFTWARE", "Softwre", "Tech"],
  Fintech: ["Financial Services", "FINANCIAL_SERVICES", "Finacial Services", "Banking"],
  Cybersecurity: ["Computer & Network Security", "Cyber Security"],
  Healthcare: ["Hospital & Health Care", "Health Care", "Helthcare"],
  "E-commerce": ["Retail", "Ecommerce", "Online Retail"],
  "Professional Services": ["Management Consulting", "Consulting"],
  Manufacturing: ["Industrial Automation", "Manufactoring"],
  Logistics: ["Logistics and Supply Chain", "Transportation/Trucking/Railroad"],
  Media: ["Online Media", "Entertainment"],
  Education: ["E-Learning", "Higher Education"],
};

/** The countries of each region's accounts, with their shares. */
export const countriesByRegion: Record<string, readonly (readonly [string, number])[]> = {
  "North America": [["United States", 82], ["Canada", 14], ["Mexico", 4]],
  EMEA: [["United Kingdom", 32], ["Germany", 20], ["France", 12], ["Netherlands", 10], ["Ireland", 6], ["Sweden", 6], ["Spain", 5], ["Israel", 5], ["United Arab Emirates", 4]],
  APAC: [["Australia", 45], ["Singapore", 25], ["India", 15], ["Japan", 15]],
};

export const topLevelDomains = [".com", ".io", ".co", ".ai"] as const;

/** The tools we look for in a prospect's stack, with their ICP bonus. */
export const technographics = [
  { tag: "Salesforce", weight: 40, icpBonus: 6 },
  { tag: "HubSpot", weight: 35, icpBonus: 3 },
  { tag: "Outreach", weight: 15, icpBonus: 4 },
  { tag: "Salesloft", weight: 10, icpBonus: 4 },
  { tag: "Gong", weight: 18, icpBonus: 4 },
  { tag: "Snowflake", weight: 14, icpBonus: 2 },
  { tag: "Segment", weight: 10, icpBonus: 1 },
  { tag: "Marketo", weight: 12, icpBonus: 2 },
  { tag: "Slack", weight: 45, icpBonus: 0 },
  { tag: "Zendesk", weight: 15, icpBonus: 0 },
  { tag: "dbt", weight: 8, icpBonus: 1 },
] as const;

interface TitleChoice {
  title: string;
  seniority: Seniority;
}

/** Titles that usually play each buying-group role. */
export const titlesByRole: Record<BuyingGroupRole, readonly TitleChoice[]> = {
  economic_buyer: [
    { title: "Chief Revenue Officer", seniority: "c_level" },
    { title: "CFO", seniority: "c_level" },
    { title: "VP of Sales", seniority: "vp" },
    { title: "VP of Revenue Operations", seniority: "vp" },
    { title: "VP of Marketing", seniority: "vp" },
    { title: "CEO", seniority: "c_level" },
  ],
  champion: [
    { title: "Director of Revenue Operations", seniority: "director" },
    { title: "Head of RevOps", seniority: "director" },
    { title: "Revenue Operations Manager", seniority: "manager" },
    { title: "Director of Sales Operations", seniority: "director" },
    { title: "Head of Demand Generation", seniority: "director" },
    { title: "Marketing Operations Manager", seniority: "manager" },
  ],
  technical_evaluator: [
    { title: "Salesforce Administrator", seniority: "individual_contributor" },
    { title: "Business Systems Manager", seniority: "manager" },
    { title: "Head of Data", seniority: "director" },
    { title: "Senior Data Analyst", seniority: "individual_contributor" },
    { title: "GTM Systems Engineer", seniority: "individual_contributor" },
  ],
  end_user: [
    { title: "Account Executive", seniority: "individual_contributor" },
    { title: "SDR Manager", seniority: "manager" },
    { title: "Sales Manager", seniority: "manager" },
    { title: "Marketing Operations Specialist", seniority: "individual_contributor" },
    { title: "Revenue Analyst", seniority: "individual_contributor" },
    { title: "Customer Success Manager", seniority: "individual_contributor" },
  ],
  blocker_influencer: [
    { title: "IT Director", seniority: "director" },
    { title: "Procurement Manager", seniority: "manager" },
    { title: "Head of Security", seniority: "director" },
    { title: "VP of Finance", seniority: "vp" },
    { title: "Head of Sales Enablement", seniority: "director" },
  ],
};

/** Titles of contacts nobody has mapped to a role yet. */
export const unmappedTitles: readonly TitleChoice[] = [
  { title: "Marketing Coordinator", seniority: "individual_contributor" },
  { title: "Operations Manager", seniority: "manager" },
  { title: "Office Manager", seniority: "individual_contributor" },
  { title: "Product Manager", seniority: "manager" },
  { title: "Business Development Representative", seniority: "individual_contributor" },
];

/** Suggested next steps for a contact who is identified but not engaged, by role. */
export const gapActions: Record<BuyingGroupRole, readonly string[]> = {
  economic_buyer: ["Send the ROI calculator and executive brief", "Offer a peer CXO reference call"],
  champion: ["Share the business case template", "Send the competitive comparison"],
  technical_evaluator: ["Send the architecture doc and security whitepaper", "Offer a sandbox walkthrough"],
  end_user: ["Send the product walkthrough video", "Share a customer testimonial from a peer team"],
  blocker_influencer: ["Send the migration plan and SLA documentation", "Address the security review early"],
};

export const useCases = [
  "Pipeline forecasting",
  "Lead routing",
  "Multi-touch attribution",
  "ABM orchestration",
  "Revenue analytics",
  "Buying-group mapping",
] as const;

/**
 * The main objection a buyer raised, as reps write it: most are the ones the case studies answer
 * (db/seed/generate-marketing.ts), a few are ones no story answers yet.
 */
export const dealObjections = [
  "Security review takes too long",
  "We can build this ourselves",
  "Our reps won't adopt another tool",
  "Too expensive for our size",
  "Data residency and SOC 2",
  "We already have a CRM dashboard",
  "Integration with our data warehouse",
  "Migration risk from the old system",
  "Not a priority this quarter",
  "Need to see the ROI first",
] as const;

/** The objections above that no story of the library answers yet. */
export const unansweredObjections = ["Not a priority this quarter", "Need to see the ROI first"] as const;

/** Use cases the product is newly sold for, which no customer story tells yet (planted proof gaps). */
export const uncoveredUseCases = ["Territory planning", "Commission forecasting"] as const;

/** Invented competitors, plus the two rivals every seller knows. */
export const competitors = [
  "Forecastly",
  "PipeIQ",
  "RevSight",
  "FunnelForge",
  "Spreadsheets (status quo)",
  "In-house build",
] as const;

/**
 * Who a deal was up against, weighted by how it ends (the planted pattern): Forecastly is the rival
 * the demo company usually beats, PipeIQ the one it usually loses to; the others follow the overall
 * win rate.
 */
export const competitorsWhenWon = [
  ["Forecastly", 7],
  ["PipeIQ", 1],
  ["RevSight", 2],
  ["FunnelForge", 2],
  ["Spreadsheets (status quo)", 3],
  ["In-house build", 1],
] as const;

export const competitorsWhenLost = [
  ["Forecastly", 1],
  ["PipeIQ", 7],
  ["RevSight", 2],
  ["FunnelForge", 2],
  ["Spreadsheets (status quo)", 3],
  ["In-house build", 1],
] as const;

export const winReasons = [
  "Faster time to value",
  "Buying-group coverage",
  "Salesforce integration",
  "Pricing and packaging",
  "Strong champion",
  "Forecast accuracy in the pilot",
  "Peer reference",
] as const;

/** Loss reasons, weighted by the stage the deal died in. */
export const lossReasonsEarly = [
  ["No budget", 3],
  ["Bad fit (too small)", 3],
  ["Lost to competitor", 2],
  ["Timing / priorities changed", 2],
  ["Missing feature", 2],
] as const;

export const lossReasonsLate = [
  ["No decision / status quo", 4],
  ["Price", 3],
  ["Lost to competitor", 3],
  ["Went dark after proposal", 3],
  ["Champion left", 1],
  ["Budget freeze", 2],
] as const;

/** What an owner writes as a deal's next step, by the pipeline stage it is in (by position, 1–5). */
export const nextStepsByStage: Record<number, readonly string[]> = {
  1: ["Discovery call with the VP Sales on Thursday", "Send the ROI worksheet and book a follow-up", "Qualify budget and timeline with the champion", "Intro call with RevOps to map their current stack"],
  2: ["Tailored demo for the sales managers next week", "Follow up on demo questions about CRM sync", "Get the technical evaluator into the sandbox", "Share the case study and book the second demo"],
  3: ["Walk the economic buyer through the proposal", "Revise pricing for 40 seats and resend", "Security questionnaire back to IT by Friday", "Align on rollout plan with the champion"],
  4: ["Redlines back from legal, call to close them out", "Procurement call on payment terms", "Final pricing approval from the CFO", "Agree the start date and the onboarding plan"],
  5: ["Chase the signature with the CFO", "Confirm the PO number with procurement", "Countersign and schedule the kickoff", "Check in on the DocuSign envelope"],
};
