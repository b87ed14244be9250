/** Runs once when the console's server starts (Next instrumentation hook). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedSandbox } = await import("./lib/services/sandbox");
  await startEmbeddedSandbox();
}
