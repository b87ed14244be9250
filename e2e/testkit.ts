/** Helpers shared by the integration suites (real cluster and sandbox). */
import type { ClientProcessQueues } from "../lib/rocketmq/admin";
import type { ProcessQueueInfo } from "../lib/rocketmq/protocol/requests/getConsumerRunningInfo/response";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Version lines to run: TIDEMARK_RMQ_VERSIONS=5,4 (the default). */
export function versionsUnderTest(): string[] {
  return (process.env.TIDEMARK_RMQ_VERSIONS ?? "5,4")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

export const queueKey = (topic: string, broker: string, queueId: number) => `${topic}|${broker}|${queueId}`;

/** Polls `fn` until it returns a value (not undefined); errors count as "not yet" and the last one is reported. */
export async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, intervalMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

/**
 * Client ids from `mqadmin consumerConnection -g G`: the rows under the "#ClientId" header up to the
 * first blank line; 4.x numbers them ("001  clientId  addr  lang  version"), 5.x does not.
 */
export function parseConnections(stdout: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => /#ClientId/.test(l));
  if (start < 0) throw new Error(`no client table in mqadmin output:\n${stdout}`);
  const ids: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    const cols = line.trim().split(/\s+/);
    ids.push((/^\d{3}$/.test(cols[0]!) ? cols[1] : cols[0])!);
  }
  return ids.sort();
}

/** The ProcessQueue of `topic` broker-a/0 from whichever client owns it. */
export function pinnedQueue(results: ClientProcessQueues[], topic: string): ProcessQueueInfo {
  for (const r of results) {
    if (!r.ok) continue;
    const pq = r.info.processQueues.find((q) => q.mq.topic === topic && q.mq.brokerName === "broker-a" && q.mq.queueId === 0);
    if (pq) return pq;
  }
  throw new Error(`no client owns broker-a/0: ${JSON.stringify(results.map((r) => (r.ok ? r.clientId : r.message)))}`);
}
