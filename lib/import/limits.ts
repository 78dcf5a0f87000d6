/** The largest file an import accepts: big enough for a CRM export of years, streamed, never held in memory. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
