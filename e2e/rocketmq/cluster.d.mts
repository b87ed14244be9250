// Types for cluster.mjs (a real RocketMQ namesrv + two brokers on 127.0.0.1 for tests).

export declare const HERE: string;
export declare const STATE_DIR: string;
export declare const CLUSTER_NAME: 'DefaultCluster';
export declare const DEFAULT_BASE_PORT: 9876;

export type VersionLine = '5' | '4';
export interface VersionSpec {
  readonly line: VersionLine;
  readonly out: 'v5' | 'v4';
  /** rocketmq-client / rocketmq-tools version (workload, mqadmin) */
  readonly client: string;
  /** rocketmq-namesrv / rocketmq-broker version */
  readonly server: string;
}
export declare const VERSIONS: Readonly<Record<VersionLine, VersionSpec>>;

export declare class ClusterError extends Error {
  /** E_TOOLS | E_PORT | E_DISK | E_BUILD | E_JVM_EXIT | E_TIMEOUT | E_RUNNING | E_NOT_RUNNING | E_MQADMIN | E_WORKLOAD | E_STOP | E_USAGE | E_VERSION */
  readonly code: string;
  constructor(code: string, message: string);
}

export declare function resolveVersion(v?: string | number | null): VersionSpec;
export declare function portsFor(basePort?: number): {
  basePort: number;
  namesrv: number;
  brokers: { name: string; listenPort: number }[];
  /** the optional 5.x proxy's ports (bound only when started with { proxy: true }): base+1050, base+1051 */
  proxy: { remotingPort: number; grpcPort: number };
};
/** every port the cluster binds, with its role; the proxy's only with { proxy: true } */
export declare function portRoles(basePort?: number, opts?: { proxy?: boolean }): { port: number; role: string }[];

export interface ToolOptions {
  /** java binary (default: $TIDEMARK_JAVA, $JAVA_HOME/bin/java, java) */
  java?: string;
  /** mvn binary (default: $TIDEMARK_MVN, mvn) */
  mvn?: string;
}
export declare function checkTools(opts?: ToolOptions): { java: string; mvn: string; javaMajor: number };
export declare function checkDisk(dir: string, maxPercent?: number): { usedPercent: number; freeMiB: number };
export declare function checkPorts(basePort?: number, opts?: { proxy?: boolean }): Promise<void>;

export declare function buildPaths(version?: string | number): {
  out: string;
  classes: string;
  clientCpFile: string;
  serverCpFile: string;
  /** rocketmq-client-java only (the gRPC workload runs on classes + this) */
  grpcCpFile: string;
  /** rocketmq-proxy and its dependencies; null for the 4.x line */
  proxyCpFile: string | null;
  stampFile: string;
};
export declare function ensureBuilt(
  version?: string | number,
  opts?: ToolOptions & { log?: ((msg: string) => void) | null; force?: boolean },
): Promise<{ clientCp: string; serverCp: string; grpcCp: string; proxyCp: string | null; built: boolean }>;

export interface StartOptions extends ToolOptions {
  /** '5' (5.3.3, default) or '4' (4.9.7 servers + 4.9.8 client/tools) */
  version?: string | number;
  /** namesrv port; brokers listen on base+1035 and base+1045 (default 9876 -> 10911, 10921) */
  basePort?: number;
  /** max ms from launching the namesrv JVM until both brokers are registered (default 90000) */
  timeoutMs?: number;
  /** parent of the cluster's temp dir (default $TIDEMARK_RMQ_TMPDIR or os.tmpdir()) */
  tmpRoot?: string;
  /** refuse to start when the tmp filesystem is at least this % full (default 85) */
  maxDiskUsePercent?: number;
  /** extra broker.conf entries, e.g. { useServerSideResetOffset: false } */
  brokerConf?: Record<string, string | number | boolean>;
  /** extra JVM flags for namesrv and brokers (and the proxy) */
  extraJvmArgs?: string[];
  /**
   * Also start a rocketmq-proxy (line 5 only) in cluster mode beside the brokers: remoting port
   * base+1050, gRPC port base+1051, on 127.0.0.1. Turns on timerWheelEnable on the brokers (POP
   * needs it) unless brokerConf sets it, and lowers the proxy's minInvisibleTimeMillsForRecv to 1 s.
   */
  proxy?: boolean;
  /** extra rmq-proxy.json entries (with proxy: true) */
  proxyConf?: Record<string, string | number | boolean>;
  /** kill the JVMs on process exit / SIGINT / SIGTERM / SIGHUP (default true; the CLI `up` passes false) */
  registerCleanup?: boolean;
  /** progress messages (default: stderr with a [rocketmq] prefix; null = silent) */
  log?: ((msg: string) => void) | null;
}

export interface ProcessInfo {
  role: string;
  pid: number;
  port: number;
  home: string;
  /** stdout/stderr of the JVM */
  out: string;
  /** main RocketMQ log file of the JVM */
  log: string;
}

export interface BrokerInfo {
  name: string;
  addr: string;
}

export interface ProxyInfo {
  /** gRPC endpoint for rocketmq-client-java (ClientConfiguration endpoints) */
  grpcAddr: string;
  /** remoting endpoint: answers GET_CONSUMER_CONNECTION_LIST (203) with its gRPC clients */
  remotingAddr: string;
}

/** What .state/<basePort>.json holds. */
export interface ClusterState {
  version: VersionLine;
  serverVersion: string;
  clientVersion: string;
  clusterName: string;
  basePort: number;
  namesrvAddr: string;
  dir: string;
  brokers: BrokerInfo[];
  /** the proxy's addresses when started with { proxy: true }, else null */
  proxy: ProxyInfo | null;
  processes: ProcessInfo[];
  startedBy: number;
  startedAt: string;
  /** ms from startCluster() to both brokers registered (includes the build check) */
  startupMs: number;
  /** ms from launching the namesrv JVM to both brokers registered */
  jvmStartupMs: number;
  brokerStartupMs: number;
}

export interface Cluster extends ClusterState {
  clientCp: string;
  serverCp: string;
  /** workload classes + rocketmq-client-java (the gRPC scenarios) */
  grpcCp: string;
  proxyCp: string | null;
  java: string;
  workloads: Set<WorkloadHandle>;
  /** Stops workloads, brokers, namesrv (SIGTERM, SIGKILL after graceMs); removes the temp dir and state file. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

/** Anything mqadmin/createTopic/... can run against: a started or attached cluster, or a state. */
export type ClusterLike = Pick<ClusterState, 'namesrvAddr' | 'version' | 'brokers'> &
  Partial<Pick<Cluster, 'dir' | 'clientCp' | 'grpcCp' | 'proxy' | 'clusterName' | 'java' | 'workloads'>>;

export declare function startCluster(opts?: StartOptions): Promise<Cluster>;
export declare function stopCluster(state: ClusterState, opts?: { graceMs?: number; log?: ((msg: string) => void) | null }): Promise<void>;
export declare function attachCluster(basePort?: number): Promise<Cluster>;
export declare function stateFileFor(basePort?: number): string;
export declare function readState(basePort?: number): ClusterState | null;
export declare function listStates(): ClusterState[];
/** Live processes whose command line carries -Dtidemark.rmq.dir=<dir> (cluster JVMs, workloads, mqadmin). */
export declare function findStrayProcesses(dir: string): number[];
export declare function isOurProcess(pid: number, marker?: string | null): boolean;
export declare function stopPids(pids: number[], marker?: string | null, opts?: { graceMs?: number; log?: ((msg: string) => void) | null }): Promise<void>;

// ---- raw remoting

export interface RemotingResponse {
  code: number;
  remark: string | null;
  extFields: Record<string, string>;
  body: Buffer;
}
export declare function remotingRequest(
  addr: string,
  code: number,
  extFields?: Record<string, string | number | boolean>,
  opts?: { timeoutMs?: number; body?: Buffer | string | null },
): Promise<RemotingResponse>;
/** fastjson output with bare integer keys ({0:"a"}) accepted */
export declare function parseLenientJson(text: string): unknown;
export declare function getClusterInfo(
  namesrvAddr: string,
  opts?: { timeoutMs?: number },
): Promise<{
  brokers: Record<string, { cluster: string; brokerName: string; brokerAddrs: Record<string, string> }>;
  clusters: Record<string, string[]>;
}>;
export interface TopicRoute {
  queueDatas: { brokerName: string; readQueueNums: number; writeQueueNums: number; perm: number; topicSysFlag: number }[];
  brokerDatas: { cluster: string; brokerName: string; brokerAddrs: Record<string, string> }[];
  [k: string]: unknown;
}
export declare function getTopicRoute(namesrvAddr: string, topic: string, opts?: { timeoutMs?: number }): Promise<TopicRoute | null>;

// ---- mqadmin

export interface AdminResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs MQAdminStartup (client/tools version of the cluster); adds `-n <namesrv>` unless given. */
export declare function mqadmin(
  cluster: ClusterLike | null,
  args: string[],
  opts?: { timeoutMs?: number; version?: string | number },
): Promise<AdminResult>;
/** updateTopic -c DefaultCluster -t topic -r N -w N (N queues on EACH broker); waits for the route. */
export declare function createTopic(
  cluster: ClusterLike,
  topic: string,
  queuesPerBroker?: number,
  opts?: { order?: boolean; timeoutMs?: number },
): Promise<TopicRoute>;
/**
 * updateSubGroup -c DefaultCluster -g group. broadcast: true adds `-d true` (consumeBroadcastEnable);
 * without it the brokers refuse BROADCASTING pulls of an explicitly created group (CODE 16).
 */
export declare function createGroup(cluster: ClusterLike, group: string, opts?: { broadcast?: boolean; extraArgs?: string[] }): Promise<void>;

export interface ClusterListRow {
  cluster: string;
  brokerName: string;
  brokerId: number;
  addr: string;
  /** e.g. V5_3_3; null when mqadmin could not get the broker's runtime info (blank columns) */
  version: string | null;
}
export declare function parseClusterList(stdout: string): ClusterListRow[];

export interface ProgressRow {
  topic: string;
  brokerName: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  /** "#Client IP" column (only when mqadmin prints it) */
  clientIP: string | null;
  /** "#ClientID" column (5.x with -s true) */
  clientId: string | null;
  diff: number | null;
  /** 5.x only */
  inflight: number | null;
  lastTime: string | null;
}
export interface ConsumerProgress {
  rows: ProgressRow[];
  /** "Diff Total" (4.x) / "Consume Diff Total" (5.x) line, else the sum of row diffs; includes %RETRY% rows */
  diffTotal: number | null;
  consumeTps: number | null;
  headers: string[];
  /** set when there is no table, e.g. "CODE: 206 DESC: ..." (not online / broadcasting) */
  error: string | null;
}
export declare function parseConsumerProgress(stdout: string): ConsumerProgress;
export declare function consumerProgress(
  cluster: ClusterLike,
  group: string,
  topic?: string,
): Promise<ConsumerProgress & { raw: string; code: number }>;

export interface TopicStatusRow {
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
  /** "#Last Updated"; null while the queue has no message */
  lastUpdated: string | null;
}
/** `mqadmin topicStatus -t T` rows (no rows for an unknown topic). */
export declare function parseTopicStatus(stdout: string): TopicStatusRow[];
export declare function topicStatus(cluster: ClusterLike, topic: string): Promise<{ rows: TopicStatusRow[]; raw: string; code: number }>;
/** `mqadmin topicList`: the names the NameServer lists (topics, also cluster and broker names). */
export declare function topicList(cluster: ClusterLike): Promise<{ topics: string[]; raw: string; code: number }>;
/**
 * A broker's CODE: 14 "service not available" refusal in `text` (what brokers answer above 90 % disk use)
 * as the disk message, with the current use of the filesystem of `dir`; null when `text` has none.
 * mqadmin helpers (createTopic, createGroup) and a workload's non-zero exit (`error`) use it.
 */
export declare function explainBrokerRefusal(text: string, dir?: string | null): string | null;

// ---- workload

export type Scenario =
  | 'produce'
  | 'consume-healthy'
  | 'consume-slow'
  | 'consume-stuck'
  | 'broadcast'
  | 'orderly'
  | 'offline-backlog'
  | 'litepull'
  // tidemark.workload.GrpcWorkload: rocketmq-client-java through the proxy (startCluster({ proxy: true }))
  | 'simple'
  | 'grpc-push'
  | 'grpc-produce';
export declare const GRPC_SCENARIOS: readonly ['simple', 'grpc-push', 'grpc-produce'];

export interface WorkloadOptions {
  topic: string;
  group?: string;
  /** the run ends by itself after this (default 60000) */
  durationMs?: number;
  /** msgs/s of an in-process producer (produce/offline-backlog default 20, others 0 = none) */
  rate?: number;
  count?: number;
  keyPrefix?: string;
  tag?: string;
  bodyBytes?: number;
  producerGroup?: string;
  instance?: string;
  from?: 'first' | 'last';
  threads?: number;
  sleepMs?: number;
  clients?: number;
  stuckQueue?: number;
  stuckBroker?: string;
  stuckOffset?: number;
  stuckMs?: number;
  consumeMs?: number;
  persistMs?: number;
  consumeTimeoutMin?: number;
  awaitMs?: number;
  pollMs?: number;
  /** simple: invisible duration of each receive (default 5000; the harness's proxy accepts >= 1000) */
  invisibleMs?: number;
  /** simple: max messages per receive (default 16) */
  batch?: number;
  /** simple: long-polling await duration of a receive (default 2000) */
  longPollingMs?: number;
  /** simple: leave a message unacked when seq % skipEvery == 0 (default 4; 0 = ack all) */
  skipEvery?: number;
  /** simple: ... on its first skipTimes deliveries, then ack it (default 1) */
  skipTimes?: number;
  /** grpc-push: return FAILURE on the first attempt when seq % failEvery == 0 (default 0 = never) */
  failEvery?: number;
  /** push scenarios, 5.x client only: false = server-side assignment (pops when the group is in POP mode) */
  clientRebalance?: boolean;
  /** gRPC client request timeout (default 5000) */
  requestTimeoutMs?: number;
  /** name used for the report/log file names (default <scenario>-<pid>-<n>) */
  name?: string;
  /** report file (default <cluster dir>/workloads/<name>.jsonl) */
  report?: string;
  extraArgs?: string[];
  jvmArgs?: string[];
}

export interface SentRecord {
  type: 'sent';
  topic: string;
  brokerName: string;
  queueId: number;
  offset: number;
  key: string;
  seq: number;
  msgId: string;
  status: string;
  ts: number;
}
export interface ConsumedRecord {
  type: 'consumed';
  scenario: Scenario;
  group: string;
  clientId: string;
  topic: string;
  brokerName: string;
  queueId: number;
  offset: number;
  storeTimestamp: number;
  key: string;
  reconsumeTimes: number;
  msgId: string;
  ts: number;
}
export interface EventRecord {
  type: 'ready' | 'stuck' | 'unstuck' | 'consumer-stopped' | 'stopped' | 'error' | 'send-error' | 'receive-error';
  ts: number;
  [k: string]: unknown;
}
/**
 * One delivery to a gRPC consumer (GrpcWorkload): simple writes `received` for every delivery, then
 * `acked` or `unacked` (left to expire); grpc-push writes `consumed` (SUCCESS) or `failed` (FAILURE).
 */
export interface GrpcDeliveryRecord {
  type: 'received' | 'acked' | 'unacked' | 'ack-error' | 'consumed' | 'failed';
  scenario: 'simple' | 'grpc-push';
  group: string;
  clientId: string;
  /** the subscribed topic, also for a redelivery that came from the POP retry topic */
  topic: string;
  /** the queue the client asked for (MessageView's queue): a PushConsumer asks with queueId -1 */
  brokerName: string | null;
  queueId: number | null;
  /** the message's offset in the queue it was popped from (the retry queue for a redelivery) */
  offset: number;
  /** from the proxy's receipt handle: where the message was really popped */
  handleTopicType?: 'normal' | 'retry' | string;
  handleBroker?: string;
  handleQueueId?: number;
  handleOffset?: number;
  popTime?: number;
  handleInvisibleMs?: number;
  key: string | null;
  seq: number | null;
  msgId: string;
  /** 1 on the first delivery */
  deliveryAttempt: number;
  bornTimestamp: number;
  redelivered?: boolean;
  invisibleMs?: number;
  invisibleUntil?: number;
  reconsumeTimes?: number;
  error?: string;
  ts: number;
}
export type WorkloadRecord = SentRecord | ConsumedRecord | EventRecord | GrpcDeliveryRecord;

export interface WorkloadExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /**
   * Set on a non-zero exit (not 143, a SIGTERM stop) when the report or log explains it: the counts of
   * send-error / error records and the first error, or the disk message when a broker refused a write
   * with CODE: 14 (disk full).
   */
  error?: string;
}
export interface WorkloadHandle {
  readonly name: string;
  readonly scenario: Scenario;
  readonly pid: number;
  /** JSON-lines report file */
  readonly report: string;
  /** stdout/stderr of the workload JVM */
  readonly log: string;
  readonly args: string[];
  readonly exit: WorkloadExit | null;
  records(): WorkloadRecord[];
  sent(): SentRecord[];
  consumed(): ConsumedRecord[];
  /** records of one type (e.g. the gRPC workload's 'received', 'acked', 'unacked') */
  ofType<R extends WorkloadRecord = WorkloadRecord>(type: R['type']): R[];
  /** resolves with the "ready" record once every client has started */
  ready(timeoutMs?: number): Promise<EventRecord>;
  /** waits for the run to end by itself (default limit: durationMs + 60 s) */
  wait(timeoutMs?: number): Promise<WorkloadExit>;
  /** SIGTERM (consumers shut down cleanly, offsets persisted; exit code 143), SIGKILL after graceMs */
  stop(graceMs?: number): Promise<WorkloadExit>;
}

export declare function startWorkload(
  cluster: ClusterLike & { clientCp: string },
  scenario: Scenario,
  opts: WorkloadOptions,
): WorkloadHandle;
export declare function readReport(file: string): WorkloadRecord[];

