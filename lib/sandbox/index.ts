/**
 * The sandbox cluster: an in-process RocketMQ-compatible NameServer and two brokers on loopback,
 * with simulated producers and consumers following named, seeded scenarios. It is the console's
 * default when no cluster is configured (a demo) and a deterministic test fixture; never a
 * substitute for testing against a real broker.
 *
 *   const sandbox = await startSandbox({ scenario: "demo", seed: 1, timeScale: 1 });
 *   new RocketMQAdmin({ nameServers: [sandbox.namesrvAddr] });
 *   await sandbox.stop();
 *
 * It shares wire-format code with lib/rocketmq/protocol and nothing else.
 */
export { startSandbox, type BrokerInfo, type ClientState, type QueueState, type Sandbox, type SandboxOptions, type ScenarioGroupInfo } from "./sandbox";
export {
  buildScenario,
  SCENARIO_NAMES,
  SCENARIO_TOPIC,
  type GroupKind,
  type GroupSpec,
  type IntendedStatus,
  type ScenarioName,
  type ScenarioParams,
  type ScenarioSpec,
  type StuckSpec,
  type TopicSpec,
} from "./scenarios";
export type { ConsumedRecord } from "./types";
