import net from "node:net";
import { BackpressureError, ConnectionError, RequestTimeoutError, formatSeconds } from "../errors";
import { FrameDecoder } from "../protocol/frameDecoder";
import { createResponse, encodeFrame, isOneway, isResponse, type RemotingCommand } from "../protocol/remotingCommand";
import { ResponseCode } from "../protocol/responseCode";

/** A command before the connection gives it an opaque. */
export type OutboundCommand = Omit<RemotingCommand, "opaque">;

export interface ConnectionOptions {
  /** host:port ([v6]:port for IPv6). */
  address: string;
  /** How errors name the peer, e.g. "broker-b 127.0.0.1:10911". Defaults to the address. */
  label?: string;
  connectTimeoutMs?: number;
  /** Default deadline of a request, from the call until its answer (queueing and connecting included). */
  requestTimeoutMs?: number;
  /** Requests written and not yet answered; more wait in a bounded queue. */
  maxInFlight?: number;
  maxQueued?: number;
  /** Close our side after this long without traffic (brokers drop idle channels after 120 s). */
  idleCloseMs?: number;
  maxFrameBytes?: number;
  /** Backoff between failed connection attempts. */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Socket factory (tests). */
  connect?: (host: string, port: number) => net.Socket;
  /** Notified of things worth a log line: late or unknown replies, broker requests we refused. */
  onEvent?: (event: ConnectionEvent) => void;
}

export type ConnectionEvent =
  | { type: "unknown_opaque"; opaque: number; code: number }
  | { type: "broker_request"; code: number; oneway: boolean }
  | { type: "closed"; pending: number; reason: string };

interface Pending {
  requestCode: number;
  resolve: (cmd: RemotingCommand) => void;
  reject: (err: Error) => void;
}

interface Waiter {
  start: () => void;
  reject: (err: Error) => void;
}

const DEFAULTS = {
  connectTimeoutMs: 3_000,
  requestTimeoutMs: 5_000,
  maxInFlight: 64,
  maxQueued: 10_000,
  idleCloseMs: 60_000,
  maxFrameBytes: 16 * 1024 * 1024,
  reconnectInitialMs: 200,
  reconnectMaxMs: 10_000,
};

/** Splits "host:port" / "[v6]:port". */
export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConnectionError(address, `"${address}" is not a host:port address`);
  }
  return { host, port };
}

/**
 * One multiplexed remoting connection (design convention 4): requests carry an opaque, replies are
 * matched through `opaque -> pending`, every request has a deadline, everything pending is rejected
 * when the socket closes, and the socket is (re)opened lazily on the next request with backoff
 * after failures. Requests the broker sends us are answered REQUEST_CODE_NOT_SUPPORTED (oneway
 * ones are ignored): an admin client has no business acting on them.
 */
export class Connection {
  readonly address: string;
  readonly label: string;
  private readonly opts: typeof DEFAULTS & Pick<ConnectionOptions, "connect" | "onEvent">;
  private readonly host: string;
  private readonly port: number;
  private socket: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  private decoder: FrameDecoder;
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: Waiter[] = [];
  private inFlight = 0;
  private nextOpaque = 1;
  private failures = 0;
  private retryAt = 0;
  private lastConnectError: Error | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private closedByUser = false;

  constructor(options: ConnectionOptions) {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.opts = { ...DEFAULTS, ...defined } as typeof this.opts;
    this.address = options.address;
    this.label = options.label ?? options.address;
    ({ host: this.host, port: this.port } = splitAddress(options.address));
    this.decoder = new FrameDecoder({ maxFrameBytes: this.opts.maxFrameBytes });
  }

  /** Requests written and not yet answered. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  get queuedCount(): number {
    return this.waiting.length;
  }

  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /** Sends a request and resolves with the reply, whatever its response code. */
  request(cmd: OutboundCommand, options: { timeoutMs?: number } = {}): Promise<RemotingCommand> {
    const timeoutMs = options.timeoutMs ?? this.opts.requestTimeoutMs;
    return new Promise<RemotingCommand>((resolve, reject) => {
      if (this.closedByUser) {
        reject(new ConnectionError(this.label, `connection to ${this.label} was closed`));
        return;
      }
      let settled = false;
      let opaque: number | undefined;
      let holdsSlot = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (opaque !== undefined) this.pending.delete(opaque);
        if (holdsSlot) this.releaseSlot();
        fn();
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        finish(() => reject(new RequestTimeoutError(this.label, timeoutMs, cmd.code)));
      }, timeoutMs);
      timer.unref?.();

      const start = () => {
        holdsSlot = true;
        this.inFlight++;
        this.ensureSocket().then(
          (socket) => {
            if (settled) return;
            opaque = this.takeOpaque();
            this.pending.set(opaque, {
              requestCode: cmd.code,
              resolve: (reply) => finish(() => resolve(reply)),
              reject: (err) => finish(() => reject(err)),
            });
            this.touch();
            socket.write(encodeFrame({ ...cmd, opaque }));
          },
          (err: Error) => finish(() => reject(err)),
        );
      };
      const waiter: Waiter = { start, reject: (err) => finish(() => reject(err)) };

      if (this.inFlight < this.opts.maxInFlight) {
        start();
      } else if (this.waiting.length < this.opts.maxQueued) {
        this.waiting.push(waiter);
      } else {
        finish(() => reject(new BackpressureError(`${this.label}: ${this.waiting.length} requests already queued`)));
      }
    });
  }

  /** Sends a oneway request (no reply is expected); resolves once written. */
  async oneway(cmd: OutboundCommand): Promise<void> {
    const socket = await this.ensureSocket();
    this.touch();
    await new Promise<void>((resolve, reject) => {
      socket.write(encodeFrame({ ...cmd, flag: cmd.flag | 2, opaque: this.takeOpaque() }), (err) =>
        err ? reject(new ConnectionError(this.label, `write to ${this.label} failed: ${err.message}`, { cause: err })) : resolve(),
      );
    });
  }

  /** Closes the socket and rejects everything pending or queued. The connection stays unusable. */
  close(): void {
    this.closedByUser = true;
    const err = new ConnectionError(this.label, `connection to ${this.label} was closed`);
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
    this.dropSocket(err);
  }

  private takeOpaque(): number {
    const opaque = this.nextOpaque;
    this.nextOpaque = this.nextOpaque >= 0x7fffffff ? 1 : this.nextOpaque + 1;
    return opaque;
  }

  private releaseSlot(): void {
    this.inFlight--;
    const next = this.waiting.shift();
    if (next) next.start();
    else this.touch();
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.socket && this.pending.size === 0 && this.inFlight === 0) {
      this.idleTimer = setTimeout(() => {
        if (this.pending.size === 0 && this.inFlight === 0) {
          this.dropSocket(new ConnectionError(this.label, `connection to ${this.label} closed after ${formatSeconds(this.opts.idleCloseMs)} idle`));
        }
      }, this.opts.idleCloseMs);
      this.idleTimer.unref?.();
    }
  }

  private ensureSocket(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    if (this.connecting) return this.connecting;
    const now = Date.now();
    if (this.failures > 0 && now < this.retryAt) {
      const reason = this.lastConnectError?.message ?? "unreachable";
      return Promise.reject(new ConnectionError(this.label, `${reason}; next attempt in ${Math.ceil((this.retryAt - now) / 100) / 10} s`, { cause: this.lastConnectError }));
    }
    this.connecting = this.openSocket().then(
      (socket) => {
        this.connecting = undefined;
        this.failures = 0;
        this.lastConnectError = undefined;
        return socket;
      },
      (err: Error) => {
        this.connecting = undefined;
        this.failures++;
        this.lastConnectError = err;
        const delay = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectInitialMs * 2 ** (this.failures - 1));
        this.retryAt = Date.now() + delay;
        throw err;
      },
    );
    return this.connecting;
  }

  private openSocket(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = this.opts.connect ? this.opts.connect(this.host, this.port) : net.connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionError(this.label, `${this.label} did not accept a connection within ${formatSeconds(this.opts.connectTimeoutMs)}`));
      }, this.opts.connectTimeoutMs);
      timer.unref?.();
      const onError = (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ConnectionError(this.label, describeSocketError(this.label, err), { cause: err }));
      };
      socket.once("error", onError);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.off("error", onError);
        if (this.closedByUser) {
          socket.destroy();
          reject(new ConnectionError(this.label, `connection to ${this.label} was closed`));
          return;
        }
        this.attach(socket);
        resolve(socket);
      });
    });
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    this.decoder = new FrameDecoder({ maxFrameBytes: this.opts.maxFrameBytes });
    socket.on("data", (chunk: Buffer) => this.onData(socket, chunk));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (this.socket === socket) this.dropSocket(new ConnectionError(this.label, describeSocketError(this.label, err), { cause: err }));
    });
    socket.on("close", () => {
      if (this.socket === socket) this.dropSocket(new ConnectionError(this.label, `${this.label} closed the connection`));
    });
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    let commands: RemotingCommand[];
    try {
      commands = this.decoder.push(chunk);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.dropSocket(new ConnectionError(this.label, `${this.label} sent an undecodable frame (${message})`, { cause: err }));
      return;
    }
    for (const cmd of commands) {
      if (isResponse(cmd)) {
        const pending = this.pending.get(cmd.opaque);
        if (pending) pending.resolve(cmd);
        else this.opts.onEvent?.({ type: "unknown_opaque", opaque: cmd.opaque, code: cmd.code });
      } else {
        const oneway = isOneway(cmd);
        this.opts.onEvent?.({ type: "broker_request", code: cmd.code, oneway });
        if (!oneway && !socket.destroyed) {
          const reply = createResponse(cmd, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, {
            remark: `request code ${cmd.code} is not supported by the Tidemark admin client`,
          });
          socket.write(encodeFrame(reply));
        }
      }
    }
    if (this.pending.size === 0) this.touch();
  }

  private dropSocket(err: ConnectionError): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) socket.destroy();
    const pending = [...this.pending.values()];
    this.pending.clear();
    if (socket) this.opts.onEvent?.({ type: "closed", pending: pending.length, reason: err.message });
    for (const p of pending) p.reject(err);
  }
}

function describeSocketError(label: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ECONNREFUSED":
      return `${label} refused the connection (nothing listens there)`;
    case "ECONNRESET":
      return `${label} reset the connection`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${label} is unreachable (${err.code})`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${label}: host name does not resolve (${err.code})`;
    default:
      return `${label}: ${err.message}`;
  }
}
