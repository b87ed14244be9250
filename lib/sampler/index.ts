import { AlertEngine, alertMetricFamilies, registerAlerting, seedDefaultRules } from "@/lib/services/alerts";
import { registerMetricsSource } from "@/lib/services/metrics";
import { listClusters } from "@/lib/services/clusterRegistry";
import { getProcessQueuesView } from "@/lib/services/groups";
import { Notifier } from "@/lib/services/notifications";
import { rewindMarkers } from "@/lib/services/rewind";
import { appDatabase } from "@/lib/services/database";
import { loadSamplerConfig, type SamplerConfig } from "./config";
import { Sampler } from "./sampler";

export { Sampler, type CycleReport, type SamplerOptions } from "./sampler";
export { loadSamplerConfig, type SamplerConfig } from "./config";

const holder = globalThis as typeof globalThis & {
  __tidemarkSampler?: { sampler: Sampler; config: SamplerConfig };
  __tidemarkSamplerStart?: Promise<Sampler | undefined>;
};

/** A sampler over every configured cluster with the configured interval, fan-out and retention (not started). */
export function createSampler(config: SamplerConfig, db: Awaited<ReturnType<typeof appDatabase>>): Sampler {
  const log = (m: string) => console.warn(m);
  const notifier = new Notifier({ db, publicUrl: process.env.TIDEMARK_PUBLIC_URL ?? null, log });
  const engine = new AlertEngine({ db, notifier, rewindsOf: rewindMarkers, diagnose: async (cluster, group) => (await getProcessQueuesView(cluster, group)).badges, log });
  registerAlerting(engine, notifier);
  registerMetricsSource("alerts", () => alertMetricFamilies(db, engine));
  notifier.start();
  return new Sampler({
    db,
    clusters: listClusters,
    intervalMs: config.intervalMs,
    fanOut: config.fanOut,
    retention: config.retention,
    log,
    observe: async (cluster, observations) => {
      await engine.evaluate(cluster, observations);
    },
  });
}

/**
 * Starts the background sampler once per process (from instrumentation.ts, or `npm run sampler`).
 * Resolves to undefined when TIDEMARK_SAMPLER=off; rejects when the database cannot be prepared.
 */
export function startBackgroundSampler(env: Record<string, string | undefined> = process.env): Promise<Sampler | undefined> {
  holder.__tidemarkSamplerStart ??= (async () => {
    const config = loadSamplerConfig(env);
    const db = await appDatabase();
    await seedDefaultRules(db, Date.now());
    if (!config.enabled) return undefined;
    const sampler = createSampler(config, db);
    holder.__tidemarkSampler = { sampler, config };
    sampler.start();
    return sampler;
  })();
  const started = holder.__tidemarkSamplerStart;
  started.catch(() => {
    if (holder.__tidemarkSamplerStart === started) holder.__tidemarkSamplerStart = undefined;
  });
  return started;
}

export function getBackgroundSampler(): { sampler: Sampler; config: SamplerConfig } | undefined {
  return holder.__tidemarkSampler;
}
