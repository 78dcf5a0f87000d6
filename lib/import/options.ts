/**
 * The shapes an import job keeps: what the upload recognised in the file and what the admin chose.
 * Types only, shared by the run (server), the suggestions (browser) and the pages.
 */
import type { StageDateColumn } from "./formats";
import type { FileProfile } from "./profile";
import type { DateFormat } from "./values";

/** What the admin chose for a file: stored on the job as its mapping and options. */
export interface ImportOptions {
  /** Source stage name → pipeline stage id (null: not mapped yet). */
  stageMap: Record<string, number | null>;
  /** Owner as written in the file → user id (null: leave unassigned). */
  ownerMap: Record<string, number | null>;
  /**
   * Lead source as written in the file → the organisation's source it stands for (null: kept as
   * the file gives it). Absent on imports prepared before sources were mapped.
   */
  sourceMap?: Record<string, string | null>;
  /** Null: the one the file's dates read in (refused when M/D and D/M both fit). */
  dateFormat: DateFormat | null;
  /** Import the valid rows and skip the others, instead of all rows or none. */
  validOnly: boolean;
}

/** What an uploaded file was recognised as, kept on the job. */
export interface ImportAnalysis extends FileProfile {
  stageColumns: StageDateColumn[];
}
