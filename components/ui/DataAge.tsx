"use client";

import { useEffect, useState } from "react";

/** "as of 12 s ago" for a value fetched at `at` (ms); re-renders every second (design convention 11). */
export function DataAge({ at }: { at: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (at === undefined) return <span className="muted">no data yet</span>;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  const text = seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 3600)} h`;
  return (
    <span className="muted" title={new Date(at).toISOString()}>
      as of {text} ago
    </span>
  );
}
