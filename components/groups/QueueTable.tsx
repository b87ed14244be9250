"use client";

import { Fragment } from "react";
import { durationText, int64Text, knownText, timeText, UNKNOWN } from "@/lib/api/format";
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
  const owners = new Map<string, string>();
  for (const c of pq?.clients ?? []) for (const q of c.queues) owners.set(qkey(q.topic, q.brokerName, q.queueId), c.clientId);
  const topics = detail.topics;
  return (
    <table className="data" data-testid="queue-table">
      <thead>
        <tr>
          <th scope="col">Broker</th>
          <th scope="col" className="num">Queue</th>
          <th scope="col" className="num">Min offset</th>
          <th scope="col" className="num">Max offset</th>
          <th scope="col" className="num">Committed</th>
          <th scope="col" className="num">Lag</th>
          <th scope="col" className="num">Inflight</th>
          <th scope="col">Last consumed msg</th>
          <th scope="col" className="num">Lag in time</th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        {topics.map((t) => (
          <Fragment key={t.topic}>
            <tr className="group-head">
              <th scope="rowgroup" colSpan={5}>
                {t.topic} {t.kind !== "business" && <span className="badge">{t.kind}</span>}
              </th>
              <td className="num" data-testid={`topic-lag-${t.topic}`}>
                {t.lag.partial ? "≥ " : ""}
                {int64Text(t.lag.value)}
              </td>
              <td colSpan={4} className="muted">
                {t.queues} queues
              </td>
            </tr>
            {detail.queues
              .filter((q) => q.topic === t.topic)
              .map((q) => (
                <tr key={qkey(q.topic, q.brokerName, q.queueId)} data-testid={`queue-${q.topic}-${q.brokerName}-${q.queueId}`}>
                  <td>{q.brokerName}</td>
                  <td className="num">{q.queueId}</td>
                  <td className="num">{knownText(q.minOffset)}</td>
                  <td className="num">{knownText(q.brokerOffset)}</td>
                  <td className="num" title={q.committedOffset.reason}>
                    {knownText(q.committedOffset)}
                  </td>
                  <td className="num" title={q.lag.reason ?? (q.flags.length ? q.flags.join(", ") : undefined)}>
                    {knownText(q.lag)}
                    {q.expired.value !== null && q.expired.value !== "0" ? <span className="bad small"> ({int64Text(q.expired.value)} expired)</span> : null}
                  </td>
                  <td className="num" title={q.inflight.reason}>
                    {knownText(q.inflight)}
                  </td>
                  <td>{timeText(q.lastConsumedStoreTime)}</td>
                  <td className="num">
                    <LagTime lt={q.lagTime} />
                  </td>
                  <td className="mono small">{pq ? owners.get(qkey(q.topic, q.brokerName, q.queueId)) ?? UNKNOWN : "…"}</td>
                </tr>
              ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
