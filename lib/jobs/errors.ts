/** A job stopped by the server's shutdown, its time limit or the loss of its lease: retried, not failed for good. */
export class JobInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobInterruptedError";
  }
}
