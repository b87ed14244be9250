/**
 * Catch-up ETA (design "Domain definitions"): per queue, lag / (consume rate - produce rate) when that
 * difference is positive; the group's ETA is its worst queue.
 *
 * Queue states, decided in this order:
 * 1. `unknown`: lag not readable.
 * 2. `caught-up`: lag 0 (whatever the rates; nothing is waiting).
 * 3. `unknown`: the committed offset went backwards in the rate window (the rate is not measurable).
 * 4. `unknown`: consume rate not known.
 * 5. consume rate 0: `unknown` when observed for less than `minObservedMs` (10 s: two commit intervals);
 *    `will-not-drain` when the group consumed on other queues (its consumers work; this queue waits behind
 *    a slow message or behind other queues' messages); `stalled` when consumers are online and the group
 *    consumed nothing; otherwise `will-not-drain` (no consumer online, or online clients unknown).
 * 6. `unknown`: produce rate not known.
 * 7. `caught-up` ("keeping up") when the lag is at most `keepingUpMs` (10 s) of consumption: a group that
 *    keeps up always trails by what is in flight and not yet committed (commits every 5 s); calling that
 *    "will not drain" because consume = produce would be a false alarm.
 * 8. `draining` with `etaMs` when consume - produce > 0, else `will-not-drain`.
 *
 * Ordering (ETA_SEVERITY, higher is worse): unknown < caught-up < draining < will-not-drain < stalled;
 * among draining queues the longer ETA is worse. Group: the worst decided queue. `unknown` never hides a
 * decided worse state: if the worst decided queue is `will-not-drain` or `stalled`, that is the group's
 * state (with `partial: true` when some queue is unknown). If it is only `caught-up` or `draining` while
 * some queue is unknown, the group is `unknown` (the unknown queue may take longer), with the worst
 * known ETA as `atLeastMs`.
 */
import { formatCount, formatDuration, formatRate } from "./format";
import { nonNegative } from "./offsets";
import { averageRate, computeRates, type RateOptions } from "./rates";
import type { StatusSample } from "./status";
import { known, notKnown, type Known } from "./value";

export type EtaState = "caught-up" | "draining" | "will-not-drain" | "stalled" | "unknown";

/** Higher is worse. `unknown` ranks lowest: it never hides a decided problem. */
export const ETA_SEVERITY: Readonly<Record<EtaState, number>> = {
  unknown: 0,
  "caught-up": 1,
  draining: 2,
  "will-not-drain": 3,
  stalled: 4,
};

export interface QueueEtaInput {
  readonly key: string;
  readonly label?: string | undefined;
  readonly lag: Known<bigint>;
  /** Messages per second over the window; null when unknown. */
  readonly consumeRate: number | null;
  readonly produceRate: number | null;
  /** The committed offset moved backwards in the rate window. */
  readonly rewind?: boolean | undefined;
  /** Clients online in the group; undefined when unknown. */
  readonly onlineClients?: number | undefined;
  /** A lag the group consumes within this long counts as caught up (in flight between commits); default 10 s. */
  readonly keepingUpMs?: number | undefined;
  /** How long the consume rate was observed (ms); below `minObservedMs` a zero rate is not a stall. */
  readonly observedMs?: number | undefined;
  /** Default 10 s: clients commit every 5 s, so a shorter window can see no commit from a healthy consumer. */
  readonly minObservedMs?: number | undefined;
  /** The whole group's consume rate over the same window (all queues); > 0 means the consumers are working. */
  readonly groupConsumeRate?: number | null | undefined;
}

/** Two 5 s commit intervals: a healthy push consumer's committed offset trails by up to this much consumption. */
export const KEEPING_UP_MS = 10_000;

export interface QueueEta {
  readonly key: string;
  readonly label: string;
  readonly state: EtaState;
  /** Time to drain at the current rates; only for `draining`. */
  readonly etaMs: number | null;
  readonly lag: Known<bigint>;
  readonly consumeRate: number | null;
  readonly produceRate: number | null;
  /** One sentence citing the numbers. */
  readonly reason: string;
}

export interface GroupEta {
  readonly state: EtaState;
  /** The worst queue's ETA when the group is `draining`. */
  readonly etaMs: number | null;
  /** When `unknown` because of unknown queues: the worst known ETA, a lower bound. */
  readonly atLeastMs: number | null;
  /** The queue that decided the group's state (undefined when there are no queues). */
  readonly worst: QueueEta | undefined;
  /** Some queue is unknown. */
  readonly partial: boolean;
  readonly reason: string;
  readonly queues: readonly QueueEta[];
}

function rateText(r: number): string {
  return formatRate(r, undefined, "messages");
}

/** The catch-up state of one queue. */
export function queueEta(input: QueueEtaInput): QueueEta {
  const label = input.label ?? input.key;
  const { lag, consumeRate, produceRate } = input;
  const out = (state: EtaState, reason: string, etaMs: number | null = null): QueueEta => ({
    key: input.key,
    label,
    state,
    etaMs,
    lag,
    consumeRate,
    produceRate,
    reason,
  });
  if (!lag.known) return out("unknown", `the lag is unknown (${lag.reason}).`);
  const n = lag.value;
  if (n <= 0n) return out("caught-up", "caught up: lag is 0.");
  const lagText = `lag ${formatCount(n)}`;
  if (input.rewind === true) {
    return out("unknown", `${lagText}, but the committed offset moved backwards in the window, so the consume rate is not measurable.`);
  }
  if (consumeRate === null) return out("unknown", `${lagText}, but the consume rate is unknown (missing samples).`);
  if (consumeRate <= 0) {
    const observed = input.observedMs;
    const minObserved = input.minObservedMs ?? KEEPING_UP_MS;
    if (observed !== undefined && observed < minObserved) {
      return out(
        "unknown",
        `${lagText} and no commit in the ${formatDuration(observed)} observed; consumers commit every 5 s, so it takes ${formatDuration(minObserved)} to tell a stall.`,
      );
    }
    const online = input.onlineClients;
    const groupRate = input.groupConsumeRate;
    if (online !== undefined && online > 0 && groupRate !== undefined && groupRate !== null && groupRate > 0) {
      // The consumers are working, just not on this queue: a slow message holding its commit, or its
      // messages waiting behind other queues' in the consume threads' FIFO. Not shrinking, but not stalled.
      return out(
        "will-not-drain",
        `${lagText} and nothing committed on this queue in the window while the group consumed ${rateText(groupRate)} on others (a slow message, or its messages are queued behind other queues').`,
      );
    }
    if (online !== undefined && online > 0) {
      return out(
        "stalled",
        `${lagText} and nothing consumed in the window although ${formatCount(online)} ${online === 1 ? "consumer is" : "consumers are"} online.`,
      );
    }
    return out(
      "will-not-drain",
      online === 0
        ? `${lagText} and nothing consumed: no consumer is online.`
        : `${lagText} and nothing consumed in the window (online consumers unknown).`,
    );
  }
  if (produceRate === null) {
    return out("unknown", `${lagText}, consuming ${rateText(consumeRate)}, but the produce rate is unknown.`);
  }
  const net = consumeRate - produceRate;
  const rates = `consuming ${rateText(consumeRate)} while producing ${rateText(produceRate)}`;
  const keepingUpMs = input.keepingUpMs ?? KEEPING_UP_MS;
  if (Number(n) <= (consumeRate * keepingUpMs) / 1000) {
    // A group that keeps up always shows a small lag: messages in flight and offsets committed every 5 s.
    return out("caught-up", `keeping up: ${lagText} is under ${formatDuration(keepingUpMs)} of consumption (${rates}).`);
  }
  if (net > 0) {
    const etaMs = Math.ceil((Number(n) * 1000) / net);
    return out("draining", `${lagText}, ${rates}: drains in about ${formatDuration(etaMs)}.`, etaMs);
  }
  return out("will-not-drain", `${lagText}, ${rates}: the backlog is not shrinking.`);
}

/** Negative when `a` is less severe than `b`; among draining queues a longer ETA is worse. */
export function compareEta(a: QueueEta, b: QueueEta): number {
  const d = ETA_SEVERITY[a.state] - ETA_SEVERITY[b.state];
  if (d !== 0) return d;
  if (a.state === "draining") return (a.etaMs ?? 0) - (b.etaMs ?? 0);
  return 0;
}

/** The group's ETA: its worst queue (see the module comment for how unknown queues count). */
export function groupEta(queues: readonly QueueEta[]): GroupEta {
  const unknown = queues.filter((q) => q.state === "unknown");
  let worst: QueueEta | undefined;
  for (const q of queues) if (q.state !== "unknown" && (worst === undefined || compareEta(q, worst) > 0)) worst = q;
  const base = { queues, partial: unknown.length > 0 };
  const more = (state: EtaState): number => queues.filter((q) => q.state === state).length - 1;
  const andMore = (k: number): string => (k > 0 ? ` (and ${formatCount(k)} more ${k === 1 ? "queue" : "queues"})` : "");
  const unknownNote =
    unknown.length > 0 ? ` ${formatCount(unknown.length)} ${unknown.length === 1 ? "queue is" : "queues are"} unknown.` : "";

  if (queues.length === 0) {
    return { ...base, state: "unknown", etaMs: null, atLeastMs: null, worst: undefined, reason: "no queues to judge." };
  }
  if (worst !== undefined && (worst.state === "will-not-drain" || worst.state === "stalled")) {
    return {
      ...base,
      state: worst.state,
      etaMs: null,
      atLeastMs: null,
      worst,
      reason: `${worst.label}: ${worst.reason}${andMore(more(worst.state))}${unknownNote}`,
    };
  }
  if (unknown.length > 0) {
    const first = unknown[0] ?? queues[0];
    const atLeastMs = worst?.state === "draining" ? worst.etaMs : null;
    const bound = atLeastMs !== null ? ` The known queues drain in ${formatDuration(atLeastMs)}, so the group needs at least that.` : "";
    return {
      ...base,
      state: "unknown",
      etaMs: null,
      atLeastMs,
      worst: first,
      reason: `${first?.label ?? "?"}: ${first?.reason ?? ""}${unknown.length > 1 ? ` (and ${formatCount(unknown.length - 1)} more unknown)` : ""}${bound}`,
    };
  }
  if (worst === undefined) {
    return { ...base, state: "unknown", etaMs: null, atLeastMs: null, worst: undefined, reason: "no queues to judge." };
  }
  if (worst.state === "caught-up") {
    return {
      ...base,
      state: "caught-up",
      etaMs: null,
      atLeastMs: null,
      worst,
      reason: `all ${formatCount(queues.length)} ${queues.length === 1 ? "queue is" : "queues are"} caught up.`,
    };
  }
  return {
    ...base,
    state: worst.state,
    etaMs: worst.etaMs,
    atLeastMs: null,
    worst,
    reason: `slowest queue ${worst.label}: ${worst.reason}`,
  };
}

export interface EtaOptions extends RateOptions {
  /** Window for the average rates, ending at the last sample. */
  readonly windowMs: number;
}

export const DEFAULT_ETA_WINDOW_MS = 5 * 60_000;

/**
 * ETA from a window of samples: rates averaged over `windowMs` (gaps left out), lag from the last
 * sample (max(0, broker - committed), unknown when either is unreadable or the queue is absent).
 */
export function etaFromSamples(samples: readonly StatusSample[], options: Partial<EtaOptions> = {}): GroupEta {
  const windowMs = options.windowMs ?? DEFAULT_ETA_WINDOW_MS;
  const rates = computeRates(samples, options.maxGapMs === undefined ? {} : { maxGapMs: options.maxGapMs });
  let last: StatusSample | undefined;
  for (const s of samples) if (last === undefined || s.atMs > last.atMs) last = s;
  const endMs = last?.atMs;
  const averages = rates.queues.map((series) => averageRate(series.points, windowMs, endMs === undefined ? {} : { endMs }));
  const measured = averages.filter((a) => a.consumeRate !== null);
  const groupConsumeRate = measured.length === 0 ? null : measured.reduce((s, a) => s + (a.consumeRate ?? 0), 0);
  const queues = rates.queues.map((series, i) => {
    const q = last?.queues.find((x) => x.key === series.key);
    const lag: Known<bigint> =
      q === undefined
        ? notKnown("queue missing from the last sample")
        : q.committed === undefined || q.committed < 0n || q.brokerOffset === undefined || q.brokerOffset < 0n
          ? notKnown("offsets not readable in the last sample")
          : known(nonNegative(q.brokerOffset - q.committed));
    const avg = averages[i]!;
    return queueEta({
      key: series.key,
      label: series.label,
      lag,
      consumeRate: avg.consumeRate,
      produceRate: avg.produceRate,
      rewind: avg.rewind,
      onlineClients: last?.onlineClients,
      observedMs: avg.consumeCoveredMs,
      groupConsumeRate,
    });
  });
  return groupEta(queues);
}
