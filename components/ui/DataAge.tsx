"use client";

import { useEffect, useState } from "react";
import { useT } from "@/lib/i18n/react";

/**
 * "as of 12 s ago" for a value fetched at `at` (ms); re-renders every second (design convention 11).
 * Server-rendered pages (prefetched data) are hydrated a moment later, when the text may be a second older:
 * suppressHydrationWarning keeps the server's text until the next tick instead of failing the hydration.
 */
export function DataAge({ at }: { at: number | undefined }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (at === undefined) return <span className="muted age">{t("age.none")}</span>;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  const text =
    seconds < 60 ? t("age.seconds", { n: seconds }) : seconds < 3600 ? t("age.minutes", { n: Math.floor(seconds / 60) }) : t("age.hours", { n: Math.floor(seconds / 3600) });
  return (
    <span className="muted age" title={new Date(at).toISOString()} suppressHydrationWarning>
      {text}
    </span>
  );
}
