/**
 * Re-consumption exposure: how many messages would be delivered again if a push consumer crashed now.
 *
 * A push consumer commits the smallest offset still in its ProcessQueue (or max pulled + 1) in memory as
 * it consumes, and sends it to the broker every 5 s (persistConsumerOffsetInterval). Messages between the
 * broker's committed offset and the client's in-memory commit offset are consumed but not yet recorded on
 * the broker: a crash now makes whichever client takes the queue start again from the broker's offset.
 *
 *   exposure(queue) = max(0, client commitOffset - broker committed offset)
 *
 * Unknown, never 0, when: the client could not be asked (its running info failed), the broker's committed
 * offset is not readable or none exists, the group is BROADCASTING (offsets live in each client's local
 * file, which the broker never sees), or the client is not a push consumer (pull and lite-pull consumers
 * commit when the application says so). A dropped ProcessQueue (the queue was rebalanced away) does not
 * count. When two clients briefly hold the same queue during a rebalance, the larger exposure counts.
 */
import { formatCount } from "./format";
import { queueKey, type QueueRef } from "./offsets";
import { known, notKnown, type Known } from "./value";

export interface ExposureClientInput {
  readonly clientId: string;
  /** false: its running info (307) could not be read. */
  readonly reachable: boolean;
  readonly queues: ReadonlyArray<{ readonly mq: QueueRef; readonly commitOffset: bigint; readonly dropped: boolean }>;
}

export interface ExposureInput {
  readonly messageModel: string | undefined;
  /** CONSUME_PASSIVELY = push; CONSUME_ACTIVELY = pull / lite pull. */
  readonly consumeType: string | undefined;
  /** A POP consumer (gRPC via proxy, or remoting POP mode): the broker commits at delivery. */
  readonly pop?: boolean | undefined;
  readonly clients: readonly ExposureClientInput[];
  /** The broker's committed offset per queue key; absent or negative: not readable or none. */
  readonly brokerCommitted: ReadonlyMap<string, bigint>;
}

export interface QueueExposure {
  readonly clientId: string;
  readonly mq: QueueRef;
  readonly brokerCommitted: bigint | null;
  readonly exposure: Known<bigint>;
}

export interface GroupExposure {
  /** The sum over queues whose exposure is known (a lower bound when `unknownQueues` or `unreachableClients` > 0). */
  readonly total: Known<bigint>;
  readonly unknownQueues: number;
  readonly unreachableClients: number;
  readonly queues: readonly QueueExposure[];
  /** One sentence for the operator. */
  readonly explanation: string;
}

function groupWideReason(input: ExposureInput): string | undefined {
  if (input.pop) return "POP consumer: the broker commits when it delivers, so nothing waits in a client to be committed; what is at risk are delivered but unacknowledged messages, which come back after their invisible time";
  if (input.messageModel === "BROADCASTING") return "BROADCASTING: each client keeps its offsets in its own file, the broker has none to compare with";
  if (input.consumeType === "CONSUME_ACTIVELY") return "pull / lite-pull consumer: offsets move only when the application commits them";
  return undefined;
}

export function computeExposure(input: ExposureInput): GroupExposure {
  const wide = groupWideReason(input);
  const queues: QueueExposure[] = [];
  for (const c of input.clients) {
    if (!c.reachable) continue;
    for (const q of c.queues) {
      if (q.dropped) continue;
      const committed = input.brokerCommitted.get(queueKey(q.mq));
      const brokerCommitted = committed !== undefined && committed >= 0n ? committed : null;
      let exposure: Known<bigint>;
      if (wide) exposure = notKnown(wide);
      else if (brokerCommitted === null) exposure = notKnown("the broker's committed offset for this queue is not readable or none was committed");
      else if (q.commitOffset < 0n) exposure = notKnown("the client has no commit offset for this queue yet");
      else exposure = known(q.commitOffset > brokerCommitted ? q.commitOffset - brokerCommitted : 0n);
      queues.push({ clientId: c.clientId, mq: q.mq, brokerCommitted, exposure });
    }
  }
  // one figure per queue: the largest known exposure among the clients holding it
  const perQueue = new Map<string, QueueExposure>();
  for (const q of queues) {
    const k = queueKey(q.mq);
    const prev = perQueue.get(k);
    if (!prev || (q.exposure.known && (!prev.exposure.known || q.exposure.value > prev.exposure.value))) perQueue.set(k, q);
  }
  const unreachableClients = input.clients.filter((c) => !c.reachable).length;
  const unknownQueues = [...perQueue.values()].filter((q) => !q.exposure.known).length;
  let total: Known<bigint>;
  if (wide) total = notKnown(wide);
  else if (perQueue.size === 0 && unreachableClients > 0) total = notKnown(`${formatCount(unreachableClients)} client(s) could not be asked for their ProcessQueues`);
  else total = known([...perQueue.values()].reduce((s, q) => s + (q.exposure.known ? q.exposure.value : 0n), 0n));
  const lowerBound = total.known && (unknownQueues > 0 || unreachableClients > 0);
  const explanation = !total.known
    ? `Unknown: ${total.reason}.`
    : `${formatCount(total.value)} message(s) consumed but not yet committed to the broker${lowerBound ? " (at least: some queues or clients could not be read)" : ""}: if the consumers crashed now they would be delivered again. Push consumers send their offsets every 5 s, so this normally stays below 5 s of consumption.`;
  return { total, unknownQueues, unreachableClients, queues, explanation };
}
