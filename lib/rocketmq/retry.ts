import { isRetriable } from "./errors";

export interface RetryOptions {
  /** Attempts after the first one. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** 0..1: the share of each delay that is randomised. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, initialDelayMs: 100, maxDelayMs: 2_000, factor: 2, jitter: 0.2 };

/** Delay before attempt `attempt` (1-based retry number): exponential with jitter, capped. */
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number = Math.random): number {
  const base = Math.min(opts.maxDelayMs, opts.initialDelayMs * opts.factor ** (attempt - 1));
  const spread = base * opts.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

/**
 * The one retrier (design convention 5): retries only errors that say they are retriable,
 * with exponential backoff and jitter; anything else is thrown at once.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: Partial<RetryOptions> = {},
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const opts = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !isRetriable(err)) throw err;
      await sleep(backoffDelay(attempt + 1, opts));
    }
  }
}
