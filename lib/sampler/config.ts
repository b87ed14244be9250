import { z } from "zod";

/**
 * Sampler settings from the environment:
 *   TIDEMARK_SAMPLER                 "off" disables the in-process sampler (e.g. when `npm run sampler` runs it apart)
 *   TIDEMARK_SAMPLE_INTERVAL_MS      how often every group is read and stored (default 30000, min 1000)
 *   TIDEMARK_FAN_OUT                 groups read at once per cluster (default 16)
 *   TIDEMARK_HISTORY_RAW_HOURS       raw samples are kept this long (default 48)
 *   TIDEMARK_HISTORY_BUCKET_MINUTES  then folded into buckets of this width (default 5)
 *   TIDEMARK_HISTORY_DAYS            and everything older is deleted (default 30)
 */
export interface SamplerConfig {
  enabled: boolean;
  intervalMs: number;
  fanOut: number;
  retention: { rawMs: number; bucketMs: number; keepMs: number };
}

const schema = z
  .object({
    TIDEMARK_SAMPLER: z.enum(["on", "off"]).default("on"),
    TIDEMARK_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
    TIDEMARK_FAN_OUT: z.coerce.number().int().min(1).max(256).default(16),
    TIDEMARK_HISTORY_RAW_HOURS: z.coerce.number().min(0.1).max(24 * 90).default(48),
    TIDEMARK_HISTORY_BUCKET_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(5),
    TIDEMARK_HISTORY_DAYS: z.coerce.number().min(0.1).max(3650).default(30),
  })
  .refine((e) => e.TIDEMARK_HISTORY_DAYS * 24 >= e.TIDEMARK_HISTORY_RAW_HOURS, { message: "TIDEMARK_HISTORY_DAYS must cover TIDEMARK_HISTORY_RAW_HOURS" });

export function loadSamplerConfig(env: Record<string, string | undefined> = process.env): SamplerConfig {
  const clean = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("TIDEMARK_") && v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`sampler configuration: ${issue?.path.join(".") || "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    enabled: e.TIDEMARK_SAMPLER === "on",
    intervalMs: e.TIDEMARK_SAMPLE_INTERVAL_MS,
    fanOut: e.TIDEMARK_FAN_OUT,
    retention: { rawMs: e.TIDEMARK_HISTORY_RAW_HOURS * 3_600_000, bucketMs: e.TIDEMARK_HISTORY_BUCKET_MINUTES * 60_000, keepMs: e.TIDEMARK_HISTORY_DAYS * 86_400_000 },
  };
}
