"use client";

import { DataAge } from "@/components/ui/DataAge";
import { int64Text, timeText } from "@/lib/api/format";
import { diagnosisKindText, severityText } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { ProcessQueues } from "@/lib/schemas";

export function DiagnosisBadges({ badges }: { badges: ProcessQueues["badges"] }) {
  const t = useT();
  if (badges.length === 0) return <p className="ok" data-testid="diagnosis-none">{t("diag.none")}</p>;
  return (
    <ul className="diagnosis" data-testid="diagnosis">
      {badges.map((b, i) => (
        <li key={i} className={`diag diag-${b.severity}`} data-testid={`diagnosis-${b.kind}`}>
          <strong>
            {severityText(t, b.severity)} · {diagnosisKindText(t, b.kind)}
            {b.queue ? ` · ${b.queue.brokerName}/${b.queue.queueId}` : ""}
          </strong>
          <span>{b.sentence}</span>
        </li>
      ))}
    </ul>
  );
}

export function ProcessQueuePanel({ data, error, loading }: { data: ProcessQueues | undefined; error: Error | null; loading: boolean }) {
  const t = useT();
  if (error) return <p className="bad">{t("pq.loadError", { message: error.message })}</p>;
  if (!data) return <p className="muted">{loading ? t("pq.loading") : t("pq.noData")}</p>;
  const broadcasting = data.messageModel === "BROADCASTING";
  return (
    <div>
      <p className="muted">
        {t.rich("pq.source", { age: <DataAge at={data.fetchedAt} /> })}
      </p>
      <DiagnosisBadges badges={data.badges} />
      {data.clients.length > 0 && (
        <p data-testid="pq-exposure">
          <b>{t("pq.exposure")}</b>{" "}
          {data.exposure.value !== null ? (
            <span className="mono" data-testid="pq-exposure-value">
              {int64Text(data.exposure.value)}
              {data.exposure.partial ? "+" : ""}
            </span>
          ) : (
            <span className="muted">{t("pq.exposureUnknown")}</span>
          )}{" "}
          <span className="muted small">{data.exposure.explanation}</span>
        </p>
      )}
      {data.clients.length === 0 && <p className="muted">{t("pq.noClients")}</p>}
      {data.clients.map((c) => (
        <section key={c.clientId} className="panel" data-testid={`pq-client-${c.clientId}`}>
          <h3 className="mono">
            {c.clientId} <span className="muted small">{c.version ?? ""} {c.orderly ? t("pq.orderly") : ""} {c.via ? t("pq.via", { address: c.via }) : ""}</span>
          </h3>
          {!c.ok && !c.grpc && <p className="bad">{t("pq.noAnswer", { error: c.error ?? "" })}</p>}
          {c.grpc && (
            <p className="muted" data-testid="pq-grpc">
              {t("pq.grpc", { error: c.error ?? "" })}
            </p>
          )}
          {c.popQueues.length > 0 && (
            <div className="table-wrap">
              <table className="data" data-testid={`pq-pop-${c.clientId}`}>
                <caption className="small muted">{t("pq.popCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("pq.col.popQueue")}</th>
                    <th scope="col" className="num">{t("pq.col.waitAck")}</th>
                    <th scope="col">{t("pq.col.lastPop")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.popQueues.map((q) => (
                    <tr key={`${q.topic}|${q.brokerName}|${q.queueId}`}>
                      <td>
                        {q.topic} · {q.brokerName}
                        {q.queueId >= 0 ? `/${q.queueId}` : ""}
                      </td>
                      <td className="num">{q.waitAckCount}</td>
                      <td>{timeText(q.lastPopTimestamp)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {c.status.length > 0 && (
            <p className="small">
              {c.status.map((s) => (
                <span key={s.topic} className="stat">
                  <b>{s.topic}</b>{" "}
                  {t("pq.stats", {
                    pullTps: s.pullTPS.toFixed(1),
                    pullRt: s.pullRT.toFixed(0),
                    okTps: s.consumeOKTPS.toFixed(1),
                    consumeRt: s.consumeRT.toFixed(0),
                    failedTps: s.consumeFailedTPS.toFixed(1),
                    failedMsgs: int64Text(s.consumeFailedMsgs),
                  })}
                </span>
              ))}
            </p>
          )}
          {c.queues.length > 0 && (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("pq.col.queue")}</th>
                    <th scope="col" className="num">{t("pq.col.commitOffset")}</th>
                    {broadcasting && <th scope="col" className="num">{t("pq.col.maxOffset")}</th>}
                    {broadcasting && <th scope="col" className="num">{t("pq.col.clientLag")}</th>}
                    {!broadcasting && <th scope="col" className="num">{t("pq.col.brokerCommitted")}</th>}
                    {!broadcasting && (
                      <th scope="col" className="num" title={t("pq.col.exposureHint")}>
                        {t("pq.col.exposure")}
                      </th>
                    )}
                    <th scope="col" className="num">{t("pq.col.cachedMin")}</th>
                    <th scope="col" className="num">{t("pq.col.cachedMax")}</th>
                    <th scope="col" className="num">{t("pq.col.cachedCount")}</th>
                    <th scope="col" className="num">{t("pq.col.mib")}</th>
                    <th scope="col">{t("pq.col.locked")}</th>
                    <th scope="col" className="num">{t("pq.col.tryUnlock")}</th>
                    <th scope="col">{t("pq.col.lastLock")}</th>
                    <th scope="col">{t("pq.col.dropped")}</th>
                    <th scope="col">{t("pq.col.lastPull")}</th>
                    <th scope="col">{t("pq.col.lastConsume")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.queues.map((q) => (
                    <tr key={`${q.topic}-${q.brokerName}-${q.queueId}`} data-testid={`pq-${q.topic}-${q.brokerName}-${q.queueId}`}>
                      <td>
                        {q.topic} {q.brokerName}/{q.queueId}
                      </td>
                      <td className="num">{int64Text(q.commitOffset)}</td>
                      {broadcasting && <td className="num">{int64Text(q.brokerOffset)}</td>}
                      {broadcasting && <td className="num">{int64Text(q.clientLag)}</td>}
                      {!broadcasting && <td className="num">{int64Text(q.brokerCommitted)}</td>}
                      {!broadcasting && (
                        <td className="num" title={q.exposureReason ?? undefined} data-testid="pq-queue-exposure">
                          {q.exposure !== null ? int64Text(q.exposure) : <span className="muted">?</span>}
                        </td>
                      )}
                      <td className="num">{int64Text(q.cachedMsgMinOffset)}</td>
                      <td className="num">{int64Text(q.cachedMsgMaxOffset)}</td>
                      <td className="num">{q.cachedMsgCount}</td>
                      <td className="num">{q.cachedMsgSizeInMiB}</td>
                      <td>{q.locked ? t("common.yes") : t("common.no")}</td>
                      <td className="num">{q.tryUnlockTimes}</td>
                      <td>{timeText(q.lastLockTimestamp)}</td>
                      <td>{q.dropped ? <span className="bad">{t("common.yes")}</span> : t("common.no")}</td>
                      <td>{timeText(q.lastPullTimestamp)}</td>
                      <td>{timeText(q.lastConsumeTimestamp)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
