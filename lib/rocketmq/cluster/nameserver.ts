import { ConnectionError, isRetriable } from "../errors";
import type { ConnectionPool } from "../network/pool";
import type { OutboundCommand } from "../network/connection";
import type { RemotingCommand } from "../protocol/remotingCommand";

export interface NameServerOptions {
  /** Deadline of one attempt on one NameServer. */
  timeoutMs?: number;
}

/**
 * Access to a cluster's NameServers: requests go to the last NameServer that answered and fail over
 * to the next one on connection errors and timeouts (not on answers: an error code from a live
 * NameServer is the answer).
 */
export class NameServerClient {
  private preferred = 0;
  readonly addresses: readonly string[];

  constructor(
    addresses: readonly string[],
    private readonly pool: ConnectionPool,
    private readonly options: NameServerOptions = {},
  ) {
    if (addresses.length === 0) throw new Error("a cluster needs at least one NameServer address");
    this.addresses = [...addresses];
  }

  async request(cmd: OutboundCommand, timeoutMs = this.options.timeoutMs ?? 3_000): Promise<RemotingCommand> {
    const errors: string[] = [];
    for (let i = 0; i < this.addresses.length; i++) {
      const index = (this.preferred + i) % this.addresses.length;
      const address = this.addresses[index]!;
      try {
        const reply = await this.pool.get(address, `NameServer ${address}`).request(cmd, { timeoutMs });
        this.preferred = index;
        return reply;
      } catch (err) {
        if (!isRetriable(err)) throw err;
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    throw new ConnectionError(this.addresses.join(";"), `no NameServer answered: ${errors.join("; ")}`);
  }
}

/** A small TTL cache with in-flight de-duplication (one lookup per key at a time). */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const promise = load().then(
      (value) => {
        this.entries.set(key, { value, expires: this.now() + this.ttlMs });
        this.loading.delete(key);
        return value;
      },
      (err: unknown) => {
        this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
