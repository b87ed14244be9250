"use client";

import { useNow } from "@/components/hooks/useNow";
import { durationText } from "@/lib/api/format";
import { useT } from "@/lib/i18n/react";
import type { SamplerState as SamplerDto } from "@/lib/schemas";

/** "Sampled every 30 s, last 12 s ago" (design convention 11), or why the charts are not growing. */
export function SamplerState({ sampler }: { sampler: SamplerDto }) {
  const t = useT();
  const now = useNow();
  const interval = durationText(sampler.intervalMs);
  const notes: string[] = [];
  if (sampler.skippedCycles > 0) notes.push(t("history.samplerSkipped", { n: sampler.skippedCycles }));
  if (sampler.lastError) notes.push(t("history.samplerError", { error: sampler.lastError }));
  const suffix = notes.length > 0 ? ` · ${notes.join(" · ")}` : "";
  if (!sampler.running) {
    return (
      <span className="bad" data-testid="sampler-state" data-running="false">
        {t("history.samplerStopped")}
        {suffix}
      </span>
    );
  }
  const text =
    sampler.lastCycleAt === null
      ? t("history.samplerNoCycle", { interval })
      : t("history.sampler", { interval, age: durationText(Math.max(1, Math.floor((now - sampler.lastCycleAt) / 1000)) * 1000) });
  return (
    <span className="muted" data-testid="sampler-state" data-running="true" title={sampler.lastCycleAt ? new Date(sampler.lastCycleAt).toISOString() : undefined}>
      {text}
      {suffix}
    </span>
  );
}
