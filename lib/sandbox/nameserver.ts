/**
 * The sandbox NameServer: routes and cluster info computed from the brokers' topic configs (the
 * brokers "register" by being in the list). Requests: 105 GET_ROUTEINFO_BY_TOPIC, 106
 * GET_BROKER_CLUSTER_INFO, 206 GET_ALL_TOPIC_LIST_FROM_NAMESERVER; anything else is
 * REQUEST_CODE_NOT_SUPPORTED. A broker made unreachable stays registered (as it would for up to
 * 120 s on a real NameServer), so the console sees it and fails to reach it.
 */
import { createResponse, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import { RequestCode } from "../rocketmq/protocol/requestCode";
import { ResponseCode } from "../rocketmq/protocol/responseCode";
import type { Broker } from "./broker";
import * as J from "./json";
import { notSupported, RemotingServer } from "./remotingServer";
import type { QueueRoute } from "./types";

/** MQVersion.Version.V4_9_4: from this client version on the NameServer writes standard JSON. */
const STANDARD_JSON_VERSION = 401;

export class NameServer {
  readonly server: RemotingServer;

  constructor(
    private readonly brokers: () => readonly Broker[],
    port: number,
  ) {
    this.server = new RemotingServer({ name: "namesrv", port, handler: (cmd) => this.handle(cmd) });
  }

  get address(): string {
    return this.server.address;
  }

  /** The route of a topic: every broker that has it, sorted by broker name; empty when none. */
  route(topic: string): QueueRoute[] {
    const out: QueueRoute[] = [];
    for (const b of this.brokers()) {
      const t = b.topics.get(topic);
      if (t) out.push({ brokerName: b.brokerName, readQueueNums: t.readQueueNums, writeQueueNums: t.writeQueueNums });
    }
    return out.sort((a, b) => (a.brokerName < b.brokerName ? -1 : 1));
  }

  private brokerData(b: Broker, standard: boolean): J.Encoded {
    return J.obj({
      brokerAddrs: J.intMap([[0, J.str(b.address)]], standard),
      brokerName: J.str(b.brokerName),
      cluster: J.str(b.clusterName),
      enableActingMaster: J.bool(false),
    });
  }

  handle(cmd: RemotingCommand): RemotingCommand | undefined {
    switch (cmd.code) {
      case RequestCode.GET_ROUTEINFO_BY_TOPIC: {
        const topic = cmd.extFields.topic;
        if (topic === undefined) {
          return createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: "org.apache.rocketmq.remoting.exception.RemotingCommandException: the custom field <topic> is null" });
        }
        const brokers = this.brokers().filter((b) => b.topics.has(topic)).sort((a, b) => (a.brokerName < b.brokerName ? -1 : 1));
        if (brokers.length === 0) {
          return createResponse(cmd, ResponseCode.TOPIC_NOT_EXIST, {
            remark: `No topic route info in name server for the topic: ${topic}\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further details.`,
          });
        }
        const standard = cmd.version >= STANDARD_JSON_VERSION || cmd.extFields.acceptStandardJsonOnly === "true";
        const queueDatas = brokers.map((b) => {
          const t = b.topics.get(topic)!;
          return J.obj({
            brokerName: J.str(b.brokerName),
            perm: J.long(t.perm),
            readQueueNums: J.long(t.readQueueNums),
            topicSysFlag: J.long(t.topicSysFlag),
            writeQueueNums: J.long(t.writeQueueNums),
          });
        });
        const body = J.obj({
          brokerDatas: J.arr(brokers.map((b) => this.brokerData(b, standard))),
          filterServerTable: "{}",
          queueDatas: J.arr(queueDatas),
        });
        return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
      }
      case RequestCode.GET_BROKER_CLUSTER_INFO: {
        const brokers = this.brokers();
        const clusters = new Map<string, string[]>();
        for (const b of brokers) {
          const names = clusters.get(b.clusterName) ?? [];
          names.push(J.str(b.brokerName));
          clusters.set(b.clusterName, names);
        }
        const body = J.obj({
          brokerAddrTable: J.strMap(brokers.map((b) => [b.brokerName, this.brokerData(b, false)] as const)),
          clusterAddrTable: J.strMap([...clusters].map(([c, names]) => [c, J.arr(names)] as const)),
        });
        return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
      }
      case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER: {
        const topics = new Set<string>();
        for (const b of this.brokers()) for (const t of b.topics.keys()) topics.add(t);
        return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(J.obj({ topicList: J.arr([...topics].sort().map(J.str)) })) });
      }
      default:
        return notSupported(cmd);
    }
  }
}
