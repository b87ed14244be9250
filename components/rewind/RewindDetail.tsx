"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useSession } from "@/components/auth/Session";
import { useNow } from "@/components/hooks/useNow";
import { useRewind, useUndoRewind } from "@/components/hooks/useRewinds";
import { DataAge } from "@/components/ui/DataAge";
import { canRewind, inProgress } from "@/lib/api/rewinds";
import { useT } from "@/lib/i18n/react";
import type { RewindDto } from "@/lib/schemas";
import { ApplyBox } from "./ApplyBox";
import { RewindStateBadge, RewindView } from "./RewindView";

/** One rewind on its own page: its preview, apply (while it is a preview), progress, verification and undo. */
export function RewindDetail({ id }: { id: number }) {
  const t = useT();
  const now = useNow();
  const { data: r, error, isPending, dataUpdatedAt } = useRewind(id);
  return (
    <>
      <p>
        <Link href="/audit?view=rewinds">{t("rewind.backToList")}</Link>
        {r && (
          <>
            {" · "}
            <Link href={`/groups/${encodeURIComponent(r.cluster)}/${encodeURIComponent(r.group)}`}>{t("rewind.backToGroup", { group: r.group })}</Link>
          </>
        )}
      </p>
      <h1>
        {r && r.undoOfId !== null ? t("rewind.titleUndo", { id, of: r.undoOfId }) : t("rewind.title", { id })} {r && <RewindStateBadge state={r.state} />}
      </h1>
      {error && <p className="bad">{t("rewind.loadError", { id, message: error.message })}</p>}
      {isPending && <p className="muted">{t("common.loading")}</p>}
      {r && (
        <>
          <p className="muted small">
            <DataAge at={dataUpdatedAt} />
            {inProgress(r) ? ` · ${t("rewind.polling")}` : ""}
          </p>
          <RewindView r={r} now={now} />
          {(r.state === "previewed" || r.state === "expired") && <ApplyBox r={r} now={now} />}
          {r.state === "done" && r.appliedAtMs !== null && <UndoBox r={r} />}
        </>
      )}
    </>
  );
}

/** Undo = a new preview back to the "before" offsets, applied like any preview on its own page. */
function UndoBox({ r }: { r: RewindDto }) {
  const t = useT();
  const id = useId();
  const router = useRouter();
  const session = useSession();
  const undo = useUndoRewind();
  const allowed = canRewind(session?.role);
  const reasonId = allowed ? undefined : `${id}-reason`;
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="rewind-undo">
      <h2 id={`${id}-h`}>{t("rewind.undo.title")}</h2>
      <p className="muted">{t("rewind.undo.intro")}</p>
      {r.undoneBy.length > 0 && <p className="notice">{t("rewind.undo.already", { ids: r.undoneBy.map((x) => `#${x}`).join(", ") })}</p>}
      {!allowed && (
        <p className="notice" role="note" id={reasonId} data-testid="rewind-undo-refusal">
          {t("rewind.needsOperator")}
        </p>
      )}
      <div className="form button-row">
        <button
          type="button"
          className="primary"
          disabled={!allowed || undo.isPending}
          aria-describedby={reasonId}
          onClick={() => undo.mutate(r.id, { onSuccess: (preview) => router.push(`/rewinds/${preview.id}`) })}
        >
          {undo.isPending ? t("rewind.undo.previewing") : t("rewind.undo.submit")}
        </button>
      </div>
      {undo.error && !undo.isPending && (
        <p className="form-error" role="alert">
          {t("rewind.undo.error", { message: undo.error.message })}
        </p>
      )}
    </section>
  );
}
