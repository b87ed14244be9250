import { getBackgroundSampler } from "@/lib/sampler";
import { route } from "@/lib/server/route";
import { CONTENT_TYPE, metricsArePublic, renderMetrics } from "@/lib/services/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus text format: lag, status and clients per group and topic, and the sampler's health
 * (lib/services/metrics.ts). Scrapers send an API token (viewer); TIDEMARK_METRICS_PUBLIC=true opens it.
 */
export const GET = route({ role: "viewer", publicWhen: () => metricsArePublic() }, async () => {
  const body = await renderMetrics({ sampler: () => getBackgroundSampler()?.sampler.state() });
  return new Response(body, { status: 200, headers: { "Content-Type": CONTENT_TYPE, "Cache-Control": "no-store" } });
});
