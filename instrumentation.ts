/** Runs once when the console's server starts (Next instrumentation hook). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmbeddedSandbox } = await import("./lib/services/sandbox");
  await startEmbeddedSandbox();
  const { prepareAccounts } = await import("./lib/services/accounts");
  try {
    await prepareAccounts();
  } catch (err) {
    console.error(`[tidemark] users could not be prepared: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { startBackgroundSampler } = await import("./lib/sampler");
  try {
    const sampler = await startBackgroundSampler();
    console.log(sampler ? `[tidemark] sampling every group every ${sampler.state().intervalMs / 1000} s` : "[tidemark] sampler off (TIDEMARK_SAMPLER=off)");
  } catch (err) {
    // The console still serves live data; history pages say why they are empty.
    console.error(`[tidemark] lag history is unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
}
