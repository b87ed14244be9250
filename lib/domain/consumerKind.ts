/**
 * Which kind of consumer a group is, from what the brokers and proxies say about it, and what that
 * means for its figures. RocketMQ has three consumption styles (push with automatic commits, pull with
 * commits by the application, POP where the broker commits at delivery and the client acks each
 * message) and two client protocols (remoting; gRPC through a 5.x proxy). See e2e/rocketmq/POP-FACTS.md.
 */
import { isRetryTopicOf } from "./names";

export type ConsumerKind =
  /** Remoting DefaultMQPushConsumer: ProcessQueues, automatic commits every 5 s. */
  | "push"
  /** Remoting pull / lite pull consumer: the application commits (or auto-commit of the lite pull consumer). */
  | "pull"
  /** gRPC SimpleConsumer through a proxy: receive + ack, invisible time. */
  | "grpc-simple"
  /** gRPC PushConsumer through a proxy (POP underneath). */
  | "grpc-push"
  /** Remoting push consumer switched to POP mode (setConsumeMode POP, clientRebalance=false). */
  | "pop-push"
  /** POP is evident (POP retry topics) but no client is online to say which kind. */
  | "pop"
  | "unknown";

export interface ConsumerKindInput {
  readonly group: string;
  /** consumeType of the 203 reply: CONSUME_PASSIVELY | CONSUME_ACTIVELY | CONSUME_POP. */
  readonly consumeType?: string | null | undefined;
  /** The clients were found through a proxy (gRPC clients), not the brokers. */
  readonly viaProxy?: boolean | undefined;
  /** Topics the group has offsets for (GET_CONSUME_STATS), to spot POP retry topics. */
  readonly topics?: readonly string[] | undefined;
  /** A client's running info had a non-empty mqPopTable (a remoting push consumer in POP mode). */
  readonly popProcessQueues?: boolean | undefined;
}

export interface ConsumerKindInfo {
  readonly kind: ConsumerKind;
  /** The broker commits this group's offsets when it delivers (pops), not when the client is done. */
  readonly pop: boolean;
  /** Where the figures come from and which stay unknown, in one or two sentences; null for push. */
  readonly note: string | null;
}

export const POP_INFLIGHT_REASON =
  "POP consumer: the broker commits the offset when it delivers (pops) a message, so delivered but not yet acknowledged messages are neither lag nor inflight in its stats; their count is only in the broker's metrics (rocketmq_consumer_inflight_messages)";

const NOTES: Readonly<Record<ConsumerKind, string | null>> = {
  push: null,
  pull: "Pull consumer: offsets move only when the application commits them (commitSync / updateConsumeOffset, or the lite pull consumer's auto-commit), so lag includes messages the application already pulled but has not committed.",
  "grpc-simple":
    "gRPC Simple consumer through the proxy: the broker commits at delivery, so lag counts messages not yet delivered; delivered messages that are never acknowledged come back after their invisible time through the POP retry topic %RETRY%<group>_<topic>, counted here as retries. Unacknowledged messages are not reported by the broker (unknown here), and a gRPC client has no ProcessQueue.",
  "grpc-push":
    "gRPC Push consumer through the proxy: it consumes by POP, so the broker commits at delivery and lag counts messages not yet delivered; failed messages come back through the POP retry topic %RETRY%<group>_<topic>, counted here as retries. Messages buffered or being consumed in the client are not reported by the broker (unknown here), and a gRPC client has no ProcessQueue.",
  "pop-push":
    "Remoting push consumer in POP mode: the broker commits at delivery; messages waiting for the client's ack are counted per broker in its running info (waitAckCount on the ProcessQueue tab), not in lag.",
  pop: "POP consumption (the group has POP retry topics %RETRY%<group>_<topic>) with no client online to tell which kind: the broker committed at delivery, so lag counts messages not yet delivered.",
  unknown: null,
};

export function consumerKindOf(input: ConsumerKindInput): ConsumerKindInfo {
  const kind = classify(input);
  const pop = kind === "grpc-simple" || kind === "grpc-push" || kind === "pop-push" || kind === "pop";
  return { kind, pop, note: NOTES[kind] };
}

function classify(input: ConsumerKindInput): ConsumerKind {
  const type = input.consumeType ?? undefined;
  if (input.viaProxy) return type === "CONSUME_ACTIVELY" ? "grpc-simple" : "grpc-push";
  if (input.popProcessQueues || type === "CONSUME_POP") return "pop-push";
  if (type === "CONSUME_PASSIVELY") return "push";
  if (type === "CONSUME_ACTIVELY") return "pull";
  return hasPopRetryTopic(input) ? "pop" : "unknown";
}

/** `%RETRY%<group>_<topic>` / `%RETRY%<group>+<topic>`: written only by POP consumption (invisible-time expiry, nacks). */
export function hasPopRetryTopic(input: Pick<ConsumerKindInput, "group" | "topics">): boolean {
  const plain = `%RETRY%${input.group}`;
  return (input.topics ?? []).some((t) => t !== plain && isRetryTopicOf(t, input.group));
}
