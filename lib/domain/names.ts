/**
 * Names RocketMQ gives special meaning: retry, dead-letter and system topics, built-in groups, and the
 * display labels of the enum values the admin API returns.
 *
 * Sources (apache/rocketmq 5.3.x): `MixAll` (group names, `%RETRY%`/`%DLQ%`/`%LMQ%` prefixes,
 * `PREDEFINE_GROUP_SET`, `isSysConsumerGroup` = prefix `CID_RMQ_SYS_`), `TopicValidator` (`SYSTEM_TOPIC_SET`,
 * prefix `rmq_sys_`), `TopicConfigManager` (the broker also registers its cluster name, its broker name and
 * `<cluster>_REPLY_TOPIC` as system topics), `KeyBuilder` (POP retry topics `%RETRY%<group>_<topic>` and,
 * v2, `%RETRY%<group>+<topic>`), the proxy's heartbeat syncer (`DefaultHeartBeatSyncerTopic`, group
 * `CID_DefaultHeartBeatSyncerTopic`), and rocketmq-dashboard's `SYSTEM_GROUP_SET`.
 */

export const RETRY_TOPIC_PREFIX = "%RETRY%";
export const DLQ_TOPIC_PREFIX = "%DLQ%";
export const LMQ_TOPIC_PREFIX = "%LMQ%";
export const SYSTEM_TOPIC_PREFIX = "rmq_sys_";
export const SYSTEM_GROUP_PREFIX = "CID_RMQ_SYS_";

/** MixAll.PREDEFINE_GROUP_SET (5.3.x) plus the proxy's heartbeat-syncer group (as rocketmq-dashboard). */
export const SYSTEM_GROUPS: ReadonlySet<string> = new Set([
  "DEFAULT_CONSUMER",
  "DEFAULT_PRODUCER",
  "TOOLS_CONSUMER",
  "SCHEDULE_CONSUMER",
  "FILTERSRV_CONSUMER",
  "__MONITOR_CONSUMER",
  "CLIENT_INNER_PRODUCER",
  "SELF_TEST_P_GROUP",
  "SELF_TEST_C_GROUP",
  "CID_ONS-HTTP-PROXY",
  "CID_ONSAPI_PERMISSION",
  "CID_ONSAPI_OWNER",
  "CID_ONSAPI_PULL",
  "CID_RMQ_SYS_TRANS",
  "CID_DefaultHeartBeatSyncerTopic",
]);

/** TopicValidator.SYSTEM_TOPIC_SET (5.3.x) plus the proxy's heartbeat-syncer topic. */
export const SYSTEM_TOPICS: ReadonlySet<string> = new Set([
  "TBW102",
  "SCHEDULE_TOPIC_XXXX",
  "BenchmarkTest",
  "RMQ_SYS_TRANS_HALF_TOPIC",
  "RMQ_SYS_TRACE_TOPIC",
  "RMQ_SYS_TRANS_OP_HALF_TOPIC",
  "TRANS_CHECK_MAX_TIME_TOPIC",
  "SELF_TEST_TOPIC",
  "OFFSET_MOVED_EVENT",
  "CHECKPOINT_TOPIC",
  "DefaultHeartBeatSyncerTopic",
]);

/**
 * Built-in groups: the predefined names (exact match) and the `CID_RMQ_SYS_` prefix. Other `CID_`
 * names (e.g. Aliyun-style `CID_orders`) are ordinary user groups.
 */
export function isSystemGroup(group: string): boolean {
  return SYSTEM_GROUPS.has(group) || group.startsWith(SYSTEM_GROUP_PREFIX);
}

export interface SystemTopicContext {
  /** Cluster names: the broker registers each as a system topic, and `<cluster>_REPLY_TOPIC`. */
  clusterNames?: Iterable<string>;
  /** Broker names: each broker registers its own name as a system topic. */
  brokerNames?: Iterable<string>;
}

/** TopicValidator.isSystemTopic, plus the per-cluster/per-broker topics when their names are given. */
export function isSystemTopic(topic: string, context?: SystemTopicContext): boolean {
  if (SYSTEM_TOPICS.has(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX)) return true;
  for (const cluster of context?.clusterNames ?? []) {
    if (topic === cluster || topic === `${cluster}_REPLY_TOPIC`) return true;
  }
  for (const broker of context?.brokerNames ?? []) {
    if (topic === broker) return true;
  }
  return false;
}

/**
 * - `business`: an ordinary topic the group subscribes to;
 * - `retry`: `%RETRY%<group>` (push/pull retry) or a POP retry topic `%RETRY%<group>_<topic>` / `+<topic>`;
 * - `dlq`: `%DLQ%<group>`, messages that exhausted their retries (not a backlog the group will consume);
 * - `system`: a broker-internal topic;
 * - `lmq`: a light message queue (`%LMQ%…`).
 */
export type TopicKind = "business" | "retry" | "dlq" | "system" | "lmq";

export function topicKind(topic: string, context?: SystemTopicContext): TopicKind {
  if (topic.startsWith(RETRY_TOPIC_PREFIX)) return "retry";
  if (topic.startsWith(DLQ_TOPIC_PREFIX)) return "dlq";
  if (topic.startsWith(LMQ_TOPIC_PREFIX)) return "lmq";
  if (isSystemTopic(topic, context)) return "system";
  return "business";
}

export function retryTopicOf(group: string): string {
  return RETRY_TOPIC_PREFIX + group;
}

export function dlqTopicOf(group: string): string {
  return DLQ_TOPIC_PREFIX + group;
}

/** True for `%RETRY%<group>` and for the group's POP retry topics (`%RETRY%<group>_<topic>`, `%RETRY%<group>+<topic>`). */
export function isRetryTopicOf(topic: string, group: string): boolean {
  const base = retryTopicOf(group);
  if (topic === base) return true;
  return topic.length > base.length + 1 && topic.startsWith(base) && (topic[base.length] === "_" || topic[base.length] === "+");
}

/** True for `%DLQ%<group>`. */
export function isDlqTopicOf(topic: string, group: string): boolean {
  return topic === dlqTopicOf(group);
}

/**
 * The business topic a POP retry topic retries, when it can be told without guessing: v2 topics
 * (`%RETRY%<group>+<topic>`) always; v1 (`%RETRY%<group>_<topic>`) only when the group is given, because
 * `_` may occur in group names. `undefined` for the plain `%RETRY%<group>` topic.
 */
export function popRetryTargetTopic(retryTopic: string, group?: string): string | undefined {
  if (!retryTopic.startsWith(RETRY_TOPIC_PREFIX)) return undefined;
  const rest = retryTopic.slice(RETRY_TOPIC_PREFIX.length);
  if (group !== undefined) {
    if (rest.startsWith(group + "+") || rest.startsWith(group + "_")) {
      const target = rest.slice(group.length + 1);
      return target.length > 0 ? target : undefined;
    }
    return undefined;
  }
  const plus = rest.indexOf("+");
  if (plus > 0 && plus < rest.length - 1) return rest.slice(plus + 1);
  return undefined;
}

const MESSAGE_MODEL_LABELS: Readonly<Record<string, string>> = {
  CLUSTERING: "Clustering",
  BROADCASTING: "Broadcasting",
};

const CONSUME_TYPE_LABELS: Readonly<Record<string, string>> = {
  CONSUME_PASSIVELY: "push",
  CONSUME_ACTIVELY: "pull",
  CONSUME_POP: "pop",
};

const CONSUME_FROM_WHERE_LABELS: Readonly<Record<string, string>> = {
  CONSUME_FROM_LAST_OFFSET: "last offset",
  CONSUME_FROM_FIRST_OFFSET: "first offset",
  CONSUME_FROM_TIMESTAMP: "timestamp",
  CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST: "last offset (deprecated variant)",
  CONSUME_FROM_MIN_OFFSET: "last offset (deprecated variant)",
  CONSUME_FROM_MAX_OFFSET: "last offset (deprecated variant)",
};

const UNKNOWN_LABEL = "unknown";

function label(table: Readonly<Record<string, string>>, value: string | undefined | null): string {
  if (value === undefined || value === null || value === "") return UNKNOWN_LABEL;
  return Object.prototype.hasOwnProperty.call(table, value) ? (table[value] ?? value) : value;
}

/** CLUSTERING -> "Clustering", BROADCASTING -> "Broadcasting"; other values verbatim; missing -> "unknown". */
export function messageModelLabel(model: string | undefined | null): string {
  return label(MESSAGE_MODEL_LABELS, model);
}

/** CONSUME_PASSIVELY -> "push", CONSUME_ACTIVELY -> "pull", CONSUME_POP -> "pop"; others verbatim. */
export function consumeTypeLabel(type: string | undefined | null): string {
  return label(CONSUME_TYPE_LABELS, type);
}

export function consumeFromWhereLabel(where: string | undefined | null): string {
  return label(CONSUME_FROM_WHERE_LABELS, where);
}

export function isBroadcasting(model: string | undefined | null): boolean {
  return model === "BROADCASTING";
}
