/** Where an opportunity stands: still in the pipeline, or closed either way. */
export const opportunityStatuses = ["open", "won", "lost"] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

/**
 * The default opportunity pipeline. A company can rename stages and change probabilities; these are
 * the stages a new database starts with. Ids are fixed so reference data and demo data agree.
 */
export interface PipelineStageDefinition {
  id: number;
  name: string;
  position: number;
  /** Probability of winning from this stage, 0–100 %. */
  probability: number;
  countsAsQualified: boolean;
  isWon: boolean;
  isLost: boolean;
  /** Days a deal may stay in this open stage before a stage change is due (null for closed stages). */
  expectedDays: number | null;
}

export const defaultPipelineStages: readonly PipelineStageDefinition[] = [
  { id: 1, name: "Discovery", position: 1, probability: 10, countsAsQualified: true, isWon: false, isLost: false, expectedDays: 14 },
  { id: 2, name: "Solution Demo", position: 2, probability: 25, countsAsQualified: false, isWon: false, isLost: false, expectedDays: 14 },
  { id: 3, name: "Proposal", position: 3, probability: 50, countsAsQualified: false, isWon: false, isLost: false, expectedDays: 21 },
  { id: 4, name: "Negotiation", position: 4, probability: 75, countsAsQualified: false, isWon: false, isLost: false, expectedDays: 14 },
  { id: 5, name: "Contract Sent", position: 5, probability: 90, countsAsQualified: false, isWon: false, isLost: false, expectedDays: 7 },
  { id: 6, name: "Closed Won", position: 6, probability: 100, countsAsQualified: false, isWon: true, isLost: false, expectedDays: null },
  { id: 7, name: "Closed Lost", position: 7, probability: 0, countsAsQualified: false, isWon: false, isLost: true, expectedDays: null },
];

export const openPipelineStages = defaultPipelineStages.filter((s) => !s.isWon && !s.isLost);
export const closedWonStage = defaultPipelineStages.find((s) => s.isWon)!;
export const closedLostStage = defaultPipelineStages.find((s) => s.isLost)!;
