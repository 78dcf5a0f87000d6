/** The opportunity stage map (METRICS.md §1): conversion, drop-off and dwell per stage. */
import { defined, undefinedBecause, type Figure } from "./figure";

export interface StageInput {
  stageId: number;
  name: string;
  position: number;
  isWon: boolean;
  isLost: boolean;
  /** Entries into the stage in the period. */
  entered: number;
  /** Of those, how many later moved on to a further stage that is not lost. */
  advanced: number;
  /** Exits from the stage in the period, and the days spent in it summed over those exits. */
  exits: number;
  dwellDays: number;
  /** Opportunities lost in the period whose last stage before Closed Lost was this one. */
  lostFrom: number;
}

export interface StageFigures {
  stageId: number;
  name: string;
  entered: number;
  /** Share of entries that moved on to a later stage or closed won. */
  conversion: Figure;
  /** Share of the period's closed-lost deals whose last stage before losing was this one. */
  dropOff: Figure;
  /** Mean days in the stage over exits in the period. */
  meanDwellDays: Figure;
  lostFrom: number;
  exits: number;
}

export interface StageMap {
  stages: StageFigures[];
  /** The stage where most lost deals die (ties: the longer dwell); null without lost deals. */
  worstStageId: number | null;
}

/** Open stages only: the won and lost stages are where deals end, not stages they pass through. */
export function stageMap(inputs: readonly StageInput[]): StageMap {
  const open = inputs.filter((s) => !s.isWon && !s.isLost);
  const totalLost = open.reduce((sum, s) => sum + s.lostFrom, 0);
  const stages = open.map<StageFigures>((s) => ({
    stageId: s.stageId,
    name: s.name,
    entered: s.entered,
    conversion: s.entered === 0 ? undefinedBecause("no deal entered this stage in the period") : defined(s.advanced / s.entered),
    dropOff: totalLost === 0 ? undefinedBecause("no deals were lost in the period") : defined(s.lostFrom / totalLost),
    meanDwellDays: s.exits === 0 ? undefinedBecause("no deal left this stage in the period") : defined(s.dwellDays / s.exits),
    lostFrom: s.lostFrom,
    exits: s.exits,
  }));
  let worst: StageFigures | null = null;
  for (const s of stages) {
    if (s.lostFrom === 0) continue;
    const dwell = s.meanDwellDays.value ?? 0;
    if (!worst || s.lostFrom > worst.lostFrom || (s.lostFrom === worst.lostFrom && dwell > (worst.meanDwellDays.value ?? 0))) worst = s;
  }
  return { stages, worstStageId: worst?.stageId ?? null };
}
