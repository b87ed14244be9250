"use client";

import { Fragment } from "react";
import { durationText, int64Text, knownText, timeText, UNKNOWN } from "@/lib/api/format";
import { topicKindText } from "@/lib/i18n";
import { useT } from "@/lib/i18n/react";
import type { GroupDetail, ProcessQueues, QueueRow } from "@/lib/schemas";

const qkey = (topic: string, broker: string, queueId: number) => `${topic}|${broker}|${queueId}`;

function LagTime({ lt }: { lt: QueueRow["lagTime"] }) {
  if (lt.kind === "none") return <>0</>;
  return (
    <span title={lt.reason}>
      {lt.kind === "estimate" ? "≤ " : ""}
      {durationText(lt.ms)}
    </span>
  );
}

/** Per-queue offsets grouped by topic with totals; owner from the ProcessQueue view when loaded. */
export function QueueTable({ detail, pq }: { detail: GroupDetail; pq: ProcessQueues | undefined }) {
  const t = useT();
  // gRPC consumers have no queue assignment: a Simple consumer pops any queue, a push one whole brokers.
  const popNoOwner = detail.consumerKind === "grpc-simple" || detail.consumerKind === "grpc-push" || detail.consumerKind === "pop";
  const owners = new Map<string, string>();
  for (const c of pq?.clients ?? []) for (const q of c.queues) owners.set(qkey(q.topic, q.brokerName, q.queueId), c.clientId);
  const topics = detail.topics;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="queue-table">
        <thead>
          <tr>
            <th scope="col">{t("queues.col.broker")}</th>
            <th scope="col" className="num">{t("queues.col.queue")}</th>
            <th scope="col" className="num">{t("queues.col.minOffset")}</th>
            <th scope="col" className="num">{t("queues.col.maxOffset")}</th>
            <th scope="col" className="num">{t("queues.col.committed")}</th>
            <th scope="col" className="num">{t("queues.col.lag")}</th>
            <th scope="col" className="num">{t("queues.col.inflight")}</th>
            <th scope="col">{t("queues.col.lastConsumed")}</th>
            <th scope="col" className="num">{t("queues.col.lagTime")}</th>
            <th scope="col">{t("queues.col.owner")}</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((topic) => (
            <Fragment key={topic.topic}>
              <tr className="group-head">
                <th scope="rowgroup" colSpan={5}>
                  {topic.topic} {topic.kind !== "business" && <span className="badge">{topicKindText(t, topic.kind)}</span>}
                </th>
                <td className="num" data-testid={`topic-lag-${topic.topic}`}>
                  {topic.lag.partial ? "≥ " : ""}
                  {int64Text(topic.lag.value)}
                </td>
                <td colSpan={4} className="muted">
                  {t("queues.count", { count: topic.queues })}
                </td>
              </tr>
              {detail.queues
                .filter((q) => q.topic === topic.topic)
                .map((q) => (
                  <tr key={qkey(q.topic, q.brokerName, q.queueId)} data-testid={`queue-${q.topic}-${q.brokerName}-${q.queueId}`}>
                    <td className="nowrap">{q.brokerName}</td>
                    <td className="num">{q.queueId}</td>
                    <td className="num">{knownText(q.minOffset)}</td>
                    <td className="num">{knownText(q.brokerOffset)}</td>
                    <td className="num" title={q.committedOffset.reason}>
                      {knownText(q.committedOffset)}
                    </td>
                    <td className="num" title={q.lag.reason ?? (q.flags.length ? q.flags.join(", ") : undefined)}>
                      {knownText(q.lag)}
                      {q.expired.value !== null && q.expired.value !== "0" ? <span className="bad small">{t("queues.expired", { count: int64Text(q.expired.value) })}</span> : null}
                    </td>
                    <td className="num" title={q.inflight.reason}>
                      {knownText(q.inflight)}
                    </td>
                    <td>{timeText(q.lastConsumedStoreTime)}</td>
                    <td className="num">
                      <LagTime lt={q.lagTime} />
                    </td>
                    <td className="mono small" title={popNoOwner ? t("queues.ownerPopTitle") : undefined}>
                      {popNoOwner ? t("queues.ownerPop") : pq ? (owners.get(qkey(q.topic, q.brokerName, q.queueId)) ?? UNKNOWN) : "…"}
                    </td>
                  </tr>
                ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
