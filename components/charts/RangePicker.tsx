"use client";

import type { PlainKey } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import { RANGE_PRESETS, type LagUnit, type RangeId } from "./prepare";

/** A labelled row of toggle buttons (aria-pressed), one of them pressed. */
export function Segmented<V extends string>({ label, options, value, onChange, testId }: { label: string; options: ReadonlyArray<{ value: V; text: string }>; value: V; onChange: (v: V) => void; testId?: string }) {
  return (
    <span className="seg" role="group" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} data-value={o.value} onClick={() => o.value !== value && onChange(o.value)}>
          {o.text}
        </button>
      ))}
    </span>
  );
}

const RANGE_KEYS: Readonly<Record<RangeId, PlainKey>> = {
  "15m": "history.range.15m",
  "1h": "history.range.1h",
  "6h": "history.range.6h",
  "24h": "history.range.24h",
  "7d": "history.range.7d",
  "30d": "history.range.30d",
};

/** The range presets; `extra` adds choices before them (the triage view's "Alert" window). */
export function RangePicker<X extends string = never>({
  value,
  onChange,
  testId = "range-picker",
  extra = [],
}: {
  value: RangeId | NoInfer<X>;
  onChange: (r: RangeId | NoInfer<X>) => void;
  testId?: string;
  extra?: ReadonlyArray<{ value: X; text: string }>;
}) {
  const t = useT();
  const presets: ReadonlyArray<{ value: RangeId | X; text: string }> = RANGE_PRESETS.map((p) => ({ value: p.id, text: t(RANGE_KEYS[p.id]) }));
  return <Segmented<RangeId | X> label={t("history.range")} options={[...extra, ...presets]} value={value} onChange={onChange} testId={testId} />;
}

export function UnitToggle({ value, onChange }: { value: LagUnit; onChange: (u: LagUnit) => void }) {
  const t = useT();
  return (
    <Segmented
      label={t("history.unit")}
      options={[
        { value: "messages" as const, text: t("history.unit.messages") },
        { value: "seconds" as const, text: t("history.unit.seconds") },
      ]}
      value={value}
      onChange={onChange}
      testId="unit-toggle"
    />
  );
}
