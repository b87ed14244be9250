/**
 * Runs the sampler as its own process (the console then runs with TIDEMARK_SAMPLER=off):
 *
 *   TIDEMARK_CLUSTERS="prod=10.0.0.1:9876" DATABASE_URL=file:./data/tidemark.db npm run sampler
 *
 * Same settings as in the console (TIDEMARK_SAMPLE_INTERVAL_MS, TIDEMARK_FAN_OUT, TIDEMARK_HISTORY_*),
 * except TIDEMARK_SAMPLER, which only switches the console's in-process sampler. Prints one line per
 * cycle; stops after the running cycle on SIGINT / SIGTERM.
 */
import { listClusters } from "@/lib/services/clusterRegistry";
import { appDatabase } from "@/lib/services/database";
import { createSampler, loadSamplerConfig } from "./index";

async function main(): Promise<void> {
  const clusters = listClusters();
  if (clusters.length === 0) {
    console.error("sampler: no cluster configured. Set TIDEMARK_CLUSTERS (e.g. prod=10.0.0.1:9876); the sandbox only runs inside the console.");
    process.exit(2);
  }
  const config = loadSamplerConfig({ ...process.env, TIDEMARK_SAMPLER: "on" });
  const db = await appDatabase();
  const sampler = createSampler(config, db);
  console.log(`sampler: ${clusters.map((c) => c.name).join(", ")} every ${config.intervalMs / 1000} s into ${process.env.DATABASE_URL ?? "file:./data/tidemark.db"}`);
  let last = 0;
  const report = setInterval(() => {
    const s = sampler.state();
    if (s.cycles === last || !s.lastReport) return;
    last = s.cycles;
    const r = s.lastReport;
    const detail = r.clusters.map((c) => `${c.cluster}: ${c.groups} groups${c.failed ? `, ${c.failed} failed` : ""}${c.error && !c.failed ? ` (${c.error})` : ""}`).join("; ");
    console.log(`cycle ${s.cycles}: ${Math.round(r.durationMs)} ms, ${r.cpuMs.toFixed(0)} ms CPU, ${r.rows} rows — ${detail}${s.skippedCycles ? ` — ${s.skippedCycles} skipped so far` : ""}`);
  }, 1_000);
  sampler.start();
  const stop = async () => {
    clearInterval(report);
    await sampler.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err: unknown) => {
  console.error(`sampler: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
