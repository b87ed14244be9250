/** What the triage view marks on the group's history chart for an alert (pure; the strings come from `t`). */
import type { HistoryFocus } from "@/components/charts/GroupHistoryPanel";
import { timeText } from "@/lib/api/format";
import type { Translator } from "@/lib/i18n";
import type { AlertDto } from "@/lib/schemas";
import { triageWindow } from "./alertForms";

/**
 * The chart window ("Alert #12", the alert's range; a live window from the same start while it is open,
 * counted from `openedAt`), the span to shade (pending from `sinceMs`, a line when it fired, up to its
 * resolution or the chart's end) and the sentence under the chart.
 */
export function triageFocus(t: Translator, a: Pick<AlertDto, "id" | "sinceMs" | "firedAtMs" | "resolvedAtMs" | "range">, openedAt: number): HistoryFocus {
  const parts = [t("triage.marker.since", { time: timeText(a.sinceMs) })];
  if (a.firedAtMs !== null) parts.push(t("triage.marker.fired", { time: timeText(a.firedAtMs) }));
  parts.push(a.resolvedAtMs !== null ? t("triage.marker.resolved", { time: timeText(a.resolvedAtMs) }) : t("triage.marker.open"));
  return {
    label: t("triage.range", { id: a.id }),
    window: triageWindow(a, openedAt),
    highlight: { from: a.sinceMs, to: a.resolvedAtMs, at: a.firedAtMs, label: t("triage.range", { id: a.id }), atLabel: t("triage.marker.firedShort") },
    legend: `${t("triage.range", { id: a.id })}: ${parts.join(", ")}`,
  };
}
