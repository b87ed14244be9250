/**
 * A remoting server on loopback: one FrameDecoder per connection, each request handed to `handler`,
 * its reply encoded as a JSON-header frame (RocketMQ 5.3 answers in its own serialize type, JSON,
 * whatever the request used). Oneway requests get no reply; frames with the RESPONSE flag are
 * ignored (we never send requests over the wire). A decode error closes the connection, as Netty does.
 *
 * Reachability, for tests and demos of a broken broker:
 * - "up": listening and answering;
 * - "refuse": the listener is closed and every connection destroyed (clients see ECONNREFUSED);
 * - "blackhole": connections are accepted and requests read, but nothing is ever answered (clients
 *   time out).
 */
import net from "node:net";
import { FrameDecoder } from "../rocketmq/protocol/frameDecoder";
import { createResponse, encodeFrame, isOneway, isResponse, type RemotingCommand } from "../rocketmq/protocol/remotingCommand";
import { ResponseCode } from "../rocketmq/protocol/responseCode";

export type Reachability = "up" | "refuse" | "blackhole";

export interface PeerInfo {
  /** The client's address as the server sees it, "127.0.0.1:54321". */
  remoteAddress: string;
}

/** Returns the reply, or undefined for none (oneway). May throw: the client gets SYSTEM_ERROR. */
export type RequestHandler = (cmd: RemotingCommand, peer: PeerInfo) => RemotingCommand | undefined;

export interface RemotingServerOptions {
  name: string;
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  handler: RequestHandler;
  /** Called with every request's code (stats, logs). */
  onRequest?: (code: number) => void;
}

/** The reply Java remoting servers give to an unknown request code. */
export function notSupported(cmd: RemotingCommand): RemotingCommand {
  return createResponse(cmd, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: ` request type ${cmd.code} not supported` });
}

export class RemotingServer {
  readonly name: string;
  readonly host: string;
  private port: number;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private mode: Reachability = "up";
  private readonly handler: RequestHandler;
  private readonly onRequest: ((code: number) => void) | undefined;
  requestsServed = 0;

  constructor(opts: RemotingServerOptions) {
    this.name = opts.name;
    this.host = opts.host ?? "127.0.0.1";
    this.port = opts.port ?? 0;
    this.handler = opts.handler;
    this.onRequest = opts.onRequest;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get listenPort(): number {
    return this.port;
  }

  get reachability(): Reachability {
    return this.mode;
  }

  async start(): Promise<void> {
    await this.listen();
  }

  private listen(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once("error", onError);
      server.listen(this.port, this.host, () => {
        server.off("error", onError);
        server.on("error", () => undefined);
        this.port = (server.address() as net.AddressInfo).port;
        server.unref();
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.unref();
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => undefined);
    const peer: PeerInfo = { remoteAddress: `${socket.remoteAddress ?? "127.0.0.1"}:${socket.remotePort ?? 0}` };
    const decoder = new FrameDecoder();
    socket.on("data", (chunk: Buffer) => {
      let commands: RemotingCommand[];
      try {
        commands = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const cmd of commands) this.dispatch(socket, cmd, peer);
    });
  }

  private dispatch(socket: net.Socket, cmd: RemotingCommand, peer: PeerInfo): void {
    if (isResponse(cmd)) return;
    if (this.mode === "blackhole") return;
    this.requestsServed++;
    this.onRequest?.(cmd.code);
    let reply: RemotingCommand | undefined;
    try {
      reply = this.handler(cmd, peer);
    } catch (err) {
      reply = createResponse(cmd, ResponseCode.SYSTEM_ERROR, { remark: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
    if (reply === undefined || isOneway(cmd) || socket.destroyed) return;
    reply.opaque = cmd.opaque;
    socket.write(encodeFrame(reply));
  }

  /** Switches reachability; "up" after "refuse" listens again on the same port. */
  async setReachability(mode: Reachability): Promise<void> {
    if (mode === this.mode) return;
    const previous = this.mode;
    this.mode = mode;
    if (mode === "refuse") {
      await this.closeListener();
    } else if (previous === "refuse") {
      await this.listen();
    }
    if (mode === "blackhole") {
      // Keep connections open but silent; nothing to do.
    }
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!server) return Promise.resolve();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.closeListener();
  }
}
