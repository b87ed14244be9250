import Link from "next/link";
import { Suspense } from "react";
import { AuditLog } from "@/components/audit/AuditLog";
import { RewindList } from "@/components/rewind/RewindList";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

/** The audit log, and (?view=rewinds) the applied rewinds with their outcome. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getT();
  const rewinds = (await searchParams).view === "rewinds";
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <nav className="tabs" aria-label={t("audit.views")}>
        <Link href="/audit" aria-current={rewinds ? undefined : "page"}>
          {t("audit.view.entries")}
        </Link>
        <Link href="/audit?view=rewinds" aria-current={rewinds ? "page" : undefined}>
          {t("audit.view.rewinds")}
        </Link>
      </nav>
      <Suspense>{rewinds ? <RewindList /> : <AuditLog />}</Suspense>
    </>
  );
}
