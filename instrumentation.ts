/** Runs once when the server starts, before it answers requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Sign-in throttling needs the connection's address, which Next.js only passes on when the client sent none.
  const { recordPeerAddresses } = await import("./lib/http/peer-address");
  recordPeerAddresses();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { prepareDatabaseOrExit } = await import("./db/startup");
  await prepareDatabaseOrExit();
  // The job queue's workers: imports and every other background job, on every instance.
  const { getDatabase } = await import("./db/index");
  const { startAppJobsOrExit } = await import("./lib/jobs/all");
  await startAppJobsOrExit(getDatabase());
}
