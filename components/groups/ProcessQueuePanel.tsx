"use client";

import { DataAge } from "@/components/ui/DataAge";
import { int64Text, timeText } from "@/lib/api/format";
import type { ProcessQueues } from "@/lib/schemas";

export function DiagnosisBadges({ badges }: { badges: ProcessQueues["badges"] }) {
  if (badges.length === 0) return <p className="ok" data-testid="diagnosis-none">No ProcessQueue problem found.</p>;
  return (
    <ul className="diagnosis" data-testid="diagnosis">
      {badges.map((b, i) => (
        <li key={i} className={`diag diag-${b.severity}`} data-testid={`diagnosis-${b.kind}`}>
          <strong>
            {b.severity} · {b.kind.replaceAll("-", " ")}
            {b.queue ? ` · ${b.queue.brokerName}/${b.queue.queueId}` : ""}
          </strong>
          <span>{b.sentence}</span>
        </li>
      ))}
    </ul>
  );
}

export function ProcessQueuePanel({ data, error, loading }: { data: ProcessQueues | undefined; error: Error | null; loading: boolean }) {
  if (error) return <p className="bad">Could not read the clients&apos; running info: {error.message}</p>;
  if (!data) return <p className="muted">{loading ? "Asking each client for its running info (up to 12 s)…" : "No data."}</p>;
  const broadcasting = data.messageModel === "BROADCASTING";
  return (
    <div>
      <p className="muted">
        Read from each client through a broker (GET_CONSUMER_RUNNING_INFO) <DataAge at={data.fetchedAt} />
      </p>
      <DiagnosisBadges badges={data.badges} />
      {data.clients.length === 0 && <p className="muted">No client is online: there is no ProcessQueue to show.</p>}
      {data.clients.map((c) => (
        <section key={c.clientId} className="panel" data-testid={`pq-client-${c.clientId}`}>
          <h3 className="mono">
            {c.clientId} <span className="muted small">{c.version ?? ""} {c.orderly ? "· orderly" : ""} {c.via ? `· via ${c.via}` : ""}</span>
          </h3>
          {!c.ok && <p className="bad">This client did not answer: {c.error}</p>}
          {c.status.length > 0 && (
            <p className="small">
              {c.status.map((s) => (
                <span key={s.topic} className="stat">
                  <b>{s.topic}</b> pull {s.pullTPS.toFixed(1)}/s ({s.pullRT.toFixed(0)} ms) · consume OK {s.consumeOKTPS.toFixed(1)}/s ({s.consumeRT.toFixed(0)} ms) · failed{" "}
                  {s.consumeFailedTPS.toFixed(1)}/s, {int64Text(s.consumeFailedMsgs)} in the last hour
                </span>
              ))}
            </p>
          )}
          {c.queues.length > 0 && (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col" className="num">Commit offset</th>
                  {broadcasting && <th scope="col" className="num">Max offset</th>}
                  {broadcasting && <th scope="col" className="num">Client lag</th>}
                  <th scope="col" className="num">Cached min</th>
                  <th scope="col" className="num">Cached max</th>
                  <th scope="col" className="num">Cached count</th>
                  <th scope="col" className="num">MiB</th>
                  <th scope="col">Locked</th>
                  <th scope="col" className="num">Try unlock</th>
                  <th scope="col">Dropped</th>
                  <th scope="col">Last pull</th>
                  <th scope="col">Last consume</th>
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
                    <td className="num">{int64Text(q.cachedMsgMinOffset)}</td>
                    <td className="num">{int64Text(q.cachedMsgMaxOffset)}</td>
                    <td className="num">{q.cachedMsgCount}</td>
                    <td className="num">{q.cachedMsgSizeInMiB}</td>
                    <td>{q.locked ? "yes" : "no"}</td>
                    <td className="num">{q.tryUnlockTimes}</td>
                    <td>{q.dropped ? <span className="bad">yes</span> : "no"}</td>
                    <td>{timeText(q.lastPullTimestamp)}</td>
                    <td>{timeText(q.lastConsumeTimestamp)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
