/** Runs once when the server starts, before it answers requests. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { prepareDatabaseOrExit } = await import("./db/startup");
  await prepareDatabaseOrExit();
}
