"use client";

import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { parseRefresh, REFRESH_CHOICES, type RefreshChoice } from "@/components/hooks/refresh";
import { useNow } from "@/components/hooks/useNow";
import { useLastUpdate, useRefreshChoice } from "@/components/hooks/useRefresh";
import { useT } from "@/lib/i18n/react";

const selectStyle = {
  display: "block",
  width: "100%",
  padding: "3px 6px",
  border: "1px solid var(--sidebar-line)",
  borderRadius: 4,
  background: "var(--sidebar-bg)",
  color: "var(--sidebar-text)",
  font: "inherit",
  fontSize: 12,
} as const;

/** "as of 12 s ago" like <DataAge>, in the sidebar's colours. */
function LastUpdate({ at }: { at: number | undefined }) {
  const t = useT();
  const now = useNow();
  if (at === undefined) return <span>{t("age.none")}</span>;
  const s = Math.max(0, Math.round((now - at) / 1000));
  const text = s < 60 ? t("age.seconds", { n: s }) : s < 3600 ? t("age.minutes", { n: Math.floor(s / 60) }) : t("age.hours", { n: Math.floor(s / 3600) });
  return <span title={new Date(at).toISOString()}>{text}</span>;
}

/**
 * The sidebar's refresh control (issue 5): a labelled select (paused, 5 s … 60 s; remembered in a cookie),
 * "Refresh now" (refetches every query on screen, paused or not) and the age of the newest data.
 */
export function RefreshControl() {
  const t = useT();
  const id = useId();
  const client = useQueryClient();
  const { choice, setChoice } = useRefreshChoice();
  const fetching = useIsFetching() > 0;
  const last = useLastUpdate();
  const text = (c: RefreshChoice) => (c === "off" ? t("refresh.off") : t("refresh.every", { n: c }));
  return (
    <div className="pref" style={{ minWidth: 0 }} data-testid="refresh-control">
      <label className="pref-label" htmlFor={id}>
        {t("refresh.label")}
      </label>
      <select id={id} value={choice} onChange={(e) => setChoice(parseRefresh(e.target.value))} style={selectStyle}>
        {REFRESH_CHOICES.map((c) => (
          <option key={c} value={c}>
            {text(c)}
          </option>
        ))}
      </select>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "center", marginTop: 6 }}>
        <button type="button" className="sign-out" style={{ whiteSpace: "nowrap" }} onClick={() => void client.invalidateQueries()} aria-busy={fetching || undefined}>
          {t("refresh.now")}
        </button>
        <small style={{ fontSize: 11, color: "var(--sidebar-muted)" }} data-testid="refresh-age">
          {choice === "off" ? `${t("refresh.paused")} · ` : ""}
          <LastUpdate at={last} />
        </small>
      </div>
    </div>
  );
}
