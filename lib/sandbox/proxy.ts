/**
 * The sandbox's RocketMQ 5.x proxy (cluster mode), remoting side only, as the console meets it
 * (e2e/rocketmq/POP-FACTS.md, measured on 5.3.3):
 * - gRPC clients (Simple / Push consumers) hold their channel to the proxy, not to a broker, so the
 *   brokers answer 203 for their group with CONSUMER_NOT_ONLINE and 307 with SYSTEM_ERROR;
 * - the proxy's remoting port answers GET_CONSUMER_CONNECTION_LIST (203) with its own gRPC clients:
 *   clientAddr is the client's gRPC peer, language/version are the proxy's constants (JAVA, 479),
 *   consumeType CONSUME_ACTIVELY (Simple) or CONSUME_PASSIVELY (Push), CLUSTERING,
 *   CONSUME_FROM_LAST_OFFSET, and the business subscriptions only; CONSUMER_NOT_ONLINE otherwise;
 * - everything else the console sends (106, 201, 208, 307, ...) is REQUEST_CODE_NOT_SUPPORTED;
 * - it does not register with the NameServer (the console is told its address).
 */
import { createResponse, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import { RequestCode } from "../rocketmq/protocol/requestCode";
import { ResponseCode } from "../rocketmq/protocol/responseCode";
import { subscriptionJson } from "./broker";
import * as J from "./json";
import { notSupported, RemotingServer } from "./remotingServer";
import type { SubscriptionData } from "./types";

/** MQVersion ordinal the 5.3.3 proxy reports for every gRPC client. */
const PROXY_VERSION = 479;

export interface ProxyClient {
  group: string;
  clientId: string;
  /** The client's gRPC peer address. */
  clientAddr: string;
  consumeType: "CONSUME_ACTIVELY" | "CONSUME_PASSIVELY";
  subscriptions: SubscriptionData[];
}

export class Proxy {
  readonly server: RemotingServer;
  private readonly clients = new Map<string, Map<string, ProxyClient>>();

  constructor(port = 0) {
    this.server = new RemotingServer({ name: "proxy", port, handler: (cmd) => this.handle(cmd) });
  }

  get address(): string {
    return this.server.address;
  }

  register(client: ProxyClient): void {
    let group = this.clients.get(client.group);
    if (!group) this.clients.set(client.group, (group = new Map()));
    group.set(client.clientId, client);
  }

  unregister(group: string, clientId: string): void {
    const g = this.clients.get(group);
    g?.delete(clientId);
    if (g?.size === 0) this.clients.delete(group);
  }

  handle(cmd: RemotingCommand): RemotingCommand | undefined {
    if (cmd.code !== RequestCode.GET_CONSUMER_CONNECTION_LIST) return notSupported(cmd);
    const group = cmd.extFields.consumerGroup ?? "";
    const clients = [...(this.clients.get(group)?.values() ?? [])];
    if (clients.length === 0) return createResponse(cmd, ResponseCode.CONSUMER_NOT_ONLINE, { remark: `the consumer group[${group}] not online` });
    const subscriptions = new Map<string, SubscriptionData>();
    for (const c of clients) for (const s of c.subscriptions) if (!subscriptions.has(s.topic)) subscriptions.set(s.topic, s);
    const body = J.obj({
      connectionSet: J.arr(clients.map((c) => J.obj({ clientAddr: J.str(c.clientAddr), clientId: J.str(c.clientId), language: J.str("JAVA"), version: J.long(PROXY_VERSION) }))),
      consumeFromWhere: J.str("CONSUME_FROM_LAST_OFFSET"),
      consumeType: J.str(clients[0]!.consumeType),
      messageModel: J.str("CLUSTERING"),
      subscriptionTable: J.strMap([...subscriptions.values()].map((s) => [s.topic, subscriptionJson(s)] as const)),
    });
    return createResponse(cmd, ResponseCode.SUCCESS, { body: J.utf8(body) });
  }
}
