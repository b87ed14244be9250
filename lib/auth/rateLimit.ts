/**
 * In-memory sliding-window limiter for failed logins (one process; state is lost on restart, which only
 * forgets failures). A key is blocked while it has `limit` failures within the last `windowMs`; it is
 * free again once the oldest of those leaves the window.
 */
export interface WindowOptions {
  limit: number;
  windowMs: number;
  /** Keys kept at most (oldest dropped first): a spray of usernames cannot grow memory without bound. */
  maxKeys?: number;
}

export type Clock = () => number;

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: WindowOptions,
    private readonly now: Clock = Date.now,
  ) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new Error("SlidingWindowLimiter: limit >= 1 and windowMs > 0 are required");
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  private recent(key: string, now: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const from = now - this.options.windowMs;
    let i = 0;
    while (i < list.length && list[i]! <= from) i++;
    if (i > 0) list.splice(0, i);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }

  /** 0 when the key may try now, else how long until it may (ms). */
  retryAfterMs(key: string): number {
    const now = this.now();
    const list = this.recent(key, now);
    if (list.length < this.options.limit) return 0;
    // the failure that must leave the window before another attempt is allowed
    const oldest = list[list.length - this.options.limit]!;
    return Math.max(1, oldest + this.options.windowMs - now);
  }

  /** Records one failure of the key. */
  hit(key: string): void {
    const now = this.now();
    const list = this.recent(key, now);
    if (list.length === 0) {
      if (this.hits.size >= this.maxKeys) {
        const first = this.hits.keys().next();
        if (!first.done) this.hits.delete(first.value);
      }
      this.hits.set(key, [now]);
    } else {
      list.push(now);
      // keep only what can still matter
      if (list.length > this.options.limit) list.splice(0, list.length - this.options.limit);
    }
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  /** Failures of the key within the window. */
  count(key: string): number {
    return this.recent(key, this.now()).length;
  }

  get size(): number {
    return this.hits.size;
  }
}

export interface LoginLimits {
  /** Failures per username per window (default 5 per 15 min). */
  perUser?: number;
  /** Failures per client address per window (default 20 per 15 min). */
  perIp?: number;
  windowMs?: number;
  maxKeys?: number;
}

export type LoginCheck = { allowed: true } | { allowed: false; retryAfterMs: number; by: "user" | "ip" };

/**
 * Login throttling keyed per username and per client address. Call `check` before verifying a password,
 * `fail` after a wrong one (or an unknown user), `succeed` after a good one (clears the username's count;
 * the address's count stays, so one good account cannot launder guesses at others).
 */
export class LoginRateLimiter {
  readonly users: SlidingWindowLimiter;
  readonly ips: SlidingWindowLimiter;

  constructor(limits: LoginLimits = {}, now: Clock = Date.now) {
    const windowMs = limits.windowMs ?? 15 * 60_000;
    this.users = new SlidingWindowLimiter({ limit: limits.perUser ?? 5, windowMs, maxKeys: limits.maxKeys }, now);
    this.ips = new SlidingWindowLimiter({ limit: limits.perIp ?? 20, windowMs, maxKeys: limits.maxKeys }, now);
  }

  check(username: string, ip: string | null | undefined): LoginCheck {
    const user = this.users.retryAfterMs(userKey(username));
    const addr = ip ? this.ips.retryAfterMs(ip) : 0;
    if (user === 0 && addr === 0) return { allowed: true };
    return user >= addr ? { allowed: false, retryAfterMs: user, by: "user" } : { allowed: false, retryAfterMs: addr, by: "ip" };
  }

  fail(username: string, ip: string | null | undefined): void {
    this.users.hit(userKey(username));
    if (ip) this.ips.hit(ip);
  }

  succeed(username: string): void {
    this.users.clear(userKey(username));
  }
}

const userKey = (username: string) => username.trim().toLowerCase();
