/**
 * Queue identity and offset arithmetic (all offsets are `bigint`, never lossy `Number`).
 */

/** A queue of a topic on one broker (structurally compatible with lib/rocketmq's `MessageQueue`). */
export interface QueueRef {
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
}

/** `topic|brokerName|queueId`: the same key lib/rocketmq's `mqKey` builds (`|` cannot occur in names). */
export function queueKey(mq: QueueRef): string {
  return `${mq.topic}|${mq.brokerName}|${mq.queueId}`;
}

/** "broker-a/0": how operators name a queue within a topic. */
export function queueLabel(mq: QueueRef): string {
  return `${mq.brokerName}/${mq.queueId}`;
}

/** "broker-a/0 (TopicA)". */
export function queueLabelWithTopic(mq: QueueRef): string {
  return `${queueLabel(mq)} (${mq.topic})`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Topic, then broker name, then queue id (the order lib/rocketmq sorts in). */
export function compareQueues(a: QueueRef, b: QueueRef): number {
  return cmpStr(a.topic, b.topic) || cmpStr(a.brokerName, b.brokerName) || a.queueId - b.queueId;
}

export function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** max(0, x). */
export function nonNegative(x: bigint): bigint {
  return x > 0n ? x : 0n;
}

export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a reported consumer offset means.
 * - `offset`: a committed offset (the next message the group will consume).
 * - `none`: the group has no committed offset for the queue (the broker's `-1`; or `0` when the caller
 *   checked with QUERY_CONSUMER_OFFSET `setZeroIfNotFound=false` and got QUERY_NOT_FOUND).
 * - `zero-or-none`: the broker said `0`, which GET_CONSUME_STATS also uses for "none"; nobody checked.
 *   Arithmetic treats it as offset 0 (what mqadmin and the dashboard do) but results carry a flag.
 * - `unknown`: we could not read it.
 */
export type CommittedOffset =
  | { readonly kind: "offset"; readonly offset: bigint }
  | { readonly kind: "zero-or-none" }
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly reason: string };

/**
 * @param consumerOffset as reported (GET_CONSUME_STATS reports "none" as 0, static topics as -1);
 *   `undefined` when not read.
 * @param hasCommittedOffset whether a committed offset exists, when the caller knows (QUERY_CONSUMER_OFFSET
 *   with setZeroIfNotFound=false); `undefined` when not checked. A positive offset wins over `false` (the
 *   two reads race; a positive offset cannot be invented).
 */
export function interpretCommitted(
  consumerOffset: bigint | undefined,
  hasCommittedOffset?: boolean,
  unknownReason = "consumer offset not read",
): CommittedOffset {
  if (consumerOffset === undefined) return { kind: "unknown", reason: unknownReason };
  if (consumerOffset < 0n) return { kind: "none" };
  if (consumerOffset > 0n) return { kind: "offset", offset: consumerOffset };
  if (hasCommittedOffset === true) return { kind: "offset", offset: 0n };
  if (hasCommittedOffset === false) return { kind: "none" };
  return { kind: "zero-or-none" };
}

/** The offset arithmetic should use: the offset, 0 for `zero-or-none`, `undefined` for none/unknown. */
export function committedValue(c: CommittedOffset): bigint | undefined {
  if (c.kind === "offset") return c.offset;
  if (c.kind === "zero-or-none") return 0n;
  return undefined;
}
