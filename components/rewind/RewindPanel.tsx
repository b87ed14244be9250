"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useNow } from "@/components/hooks/useNow";
import { useRewind } from "@/components/hooks/useRewinds";
import { useT } from "@/lib/i18n/react";
import type { GroupDetail, RewindDto } from "@/lib/schemas";
import { ApplyBox } from "./ApplyBox";
import { RewindForm } from "./RewindForm";
import type { RewindPreset } from "./rewindForm";
import { RewindView } from "./RewindView";

/** The Rewind tab of a group: the form, then the stored preview and Apply; applying opens the rewind's own page. */
export function RewindPanel({ cluster, group, detail, preset }: { cluster: string; group: string; detail: GroupDetail; preset?: RewindPreset | undefined }) {
  const t = useT();
  const router = useRouter();
  const [previewId, setPreviewId] = useState<number | null>(null);
  const openRewind = useCallback((id: number) => router.push(`/rewinds/${id}`), [router]);
  const onPreviewed = useCallback((r: RewindDto) => setPreviewId(r.id), []);
  const history = `/audit?${new URLSearchParams({ view: "rewinds", cluster, group }).toString()}`;
  return (
    <>
      <p className="small">
        <Link href={history}>{t("rewind.historyOfGroup", { group })}</Link>
      </p>
      <RewindForm key={preset?.key ?? "form"} cluster={cluster} group={group} detail={detail} onPreviewed={onPreviewed} preset={preset} />
      {previewId !== null && <PreviewResult id={previewId} onApplied={openRewind} />}
    </>
  );
}

function PreviewResult({ id, onApplied }: { id: number; onApplied: (id: number) => void }) {
  const t = useT();
  const now = useNow();
  const { data, error } = useRewind(id);
  const ref = useRef<HTMLElement>(null);
  // A new preview scrolls into view (it appears below a long form).
  // (A block body: newer browsers return a Promise from scrollIntoView, which React would take for a cleanup.)
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [id]);
  // Once applied (here, or by someone else), progress and verification are followed on the rewind's own page.
  const applied = data !== undefined && data.appliedAtMs !== null;
  useEffect(() => {
    if (applied) onApplied(id);
  }, [applied, id, onApplied]);
  return (
    <section className="panel" ref={ref} aria-label={t("rewind.preview.title", { id })} data-testid="rewind-preview">
      <div className="panel-head">
        <h2>{t("rewind.preview.title", { id })}</h2>
        <span className="spacer" />
        <Link href={`/rewinds/${id}`}>{t("rewind.preview.open")}</Link>
      </div>
      {error && <p className="bad">{t("rewind.loadError", { id, message: error.message })}</p>}
      {data && (
        <>
          <RewindView r={data} now={now} />
          {data.state === "previewed" || data.state === "expired" ? <ApplyBox r={data} now={now} /> : null}
        </>
      )}
    </section>
  );
}
