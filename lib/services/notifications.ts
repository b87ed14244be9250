import { createHmac } from "node:crypto";
import type { AlertSeverity } from "@/lib/domain/alerts";
import { buildPayload, deliveryError, MAX_DELIVERY_ATTEMPTS, retryDelayMs, type AlertNotice, type ChannelFormat } from "@/lib/domain/notify";
import {
  createDelivery,
  dueDeliveries,
  listChannels,
  nextDueAt,
  recordAttempt,
  type AlertRecord,
  type ChannelRecord,
  type DeliveryRecord,
} from "@/lib/data/alerts";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { DeliveryDto } from "@/lib/schemas";

/**
 * Notification delivery: one Delivery row per (alert event, channel), sent by a worker that retries with
 * backoff (2 s, 4 s, 8 s … up to MAX_DELIVERY_ATTEMPTS) and records every failure so the UI can show it.
 * The payload is built when the event happens (what was true then); DingTalk / Feishu signatures are
 * computed at each attempt (they carry a timestamp the service checks).
 */

export const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };
const SEND_TIMEOUT_MS = 5_000;

export interface NotifierOptions {
  readonly db: PrismaClient;
  readonly now?: () => number;
  /** The console's public URL for links in messages (TIDEMARK_PUBLIC_URL); null: no link. */
  readonly publicUrl?: string | null;
  readonly fetch?: typeof fetch;
  readonly log?: (message: string) => void;
  /** Poll period for due retries (default 1 s). */
  readonly pollMs?: number;
}

/** The triage link of an alert. */
export function alertUrl(publicUrl: string | null | undefined, a: Pick<AlertRecord, "id" | "cluster" | "group">): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, "")}/groups/${encodeURIComponent(a.cluster)}/${encodeURIComponent(a.group)}?alert=${a.id}`;
}

export function noticeOf(a: AlertRecord, event: AlertNotice["event"], publicUrl: string | null | undefined): AlertNotice {
  return {
    event,
    alertId: a.id,
    rule: a.ruleName,
    severity: a.severity as AlertSeverity,
    cluster: a.cluster,
    group: a.group,
    condition: a.conditionText,
    evidence: a.evidence,
    lastValue: a.lastValue,
    startsAtMs: Number(a.firedAtMs ?? a.sinceMs),
    endsAtMs: a.resolvedAtMs === null ? null : Number(a.resolvedAtMs),
    url: alertUrl(publicUrl, a),
  };
}

/** The URL and body actually sent, with the DingTalk / Feishu signature when the channel has a secret. */
export function signedRequest(channel: Pick<ChannelRecord, "kind" | "url" | "secret">, payload: string, nowMs: number): { url: string; body: string } {
  if (!channel.secret) return { url: channel.url, body: payload };
  if (channel.kind === "dingtalk") {
    // DingTalk: sign = base64(HmacSHA256(key = secret, timestamp + "\n" + secret)), as query parameters
    const sign = createHmac("sha256", channel.secret).update(`${nowMs}\n${channel.secret}`).digest("base64");
    const u = new URL(channel.url);
    u.searchParams.set("timestamp", String(nowMs));
    u.searchParams.set("sign", sign);
    return { url: u.toString(), body: payload };
  }
  if (channel.kind === "feishu") {
    // Feishu: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, "")), in the body, timestamp in seconds
    const ts = Math.floor(nowMs / 1000);
    const sign = createHmac("sha256", `${ts}\n${channel.secret}`).update("").digest("base64");
    return { url: channel.url, body: JSON.stringify({ timestamp: String(ts), sign, ...(JSON.parse(payload) as Record<string, unknown>) }) };
  }
  return { url: channel.url, body: payload };
}

function describeFailure(err: unknown, channel: Pick<ChannelRecord, "name" | "url">): string {
  const host = (() => {
    try {
      return new URL(channel.url).host;
    } catch {
      return channel.url;
    }
  })();
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return `${channel.name} (${host}) did not answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
  return `${channel.name} (${host}) could not be reached: ${cause}`;
}

export function deliveryDto(d: DeliveryRecord & { channel: { name: string } }): DeliveryDto {
  return {
    id: d.id,
    channelId: d.channelId,
    channelName: d.channel.name,
    event: d.event as DeliveryDto["event"],
    state: d.state as DeliveryDto["state"],
    attempts: d.attempts,
    nextAttemptAtMs: d.state === "pending" ? Number(d.nextAttemptAtMs) : null,
    lastError: d.lastError,
    lastStatus: d.lastStatus,
    createdAtMs: Number(d.createdAtMs),
    deliveredAtMs: d.deliveredAtMs === null ? null : Number(d.deliveredAtMs),
  };
}

export class Notifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly send: typeof fetch;

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? Date.now;
    this.send = options.fetch ?? fetch;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.deliverDue(), this.options.pollMs ?? 1_000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Queues an alert event to every enabled channel whose minimum severity it reaches, then sends at once. */
  async enqueue(alert: AlertRecord, event: "firing" | "resolved"): Promise<number> {
    const channels = (await listChannels(this.options.db)).filter(
      (c) => c.enabled && SEVERITY_RANK[alert.severity as AlertSeverity] >= SEVERITY_RANK[c.minSeverity as AlertSeverity],
    );
    const nowMs = BigInt(this.now());
    const notice = noticeOf(alert, event, this.options.publicUrl);
    for (const c of channels) {
      await createDelivery(this.options.db, { channelId: c.id, alertId: alert.id, event, payload: JSON.stringify(buildPayload(c.kind as ChannelFormat, notice)), nowMs });
    }
    if (channels.length > 0) void this.deliverDue();
    return channels.length;
  }

  /** "Send test": a test notice to one channel, first attempt made before returning. */
  async sendTest(channel: ChannelRecord): Promise<DeliveryDto> {
    const nowMs = this.now();
    const notice: AlertNotice = {
      event: "test",
      alertId: 0,
      rule: "Test notification",
      severity: "info",
      cluster: "-",
      group: "-",
      condition: "none: sent with the Send test button",
      evidence: `channel "${channel.name}" is reachable from Tidemark`,
      lastValue: "",
      startsAtMs: nowMs,
      endsAtMs: null,
      url: this.options.publicUrl ?? null,
    };
    const d = await createDelivery(this.options.db, { channelId: channel.id, alertId: null, event: "test", payload: JSON.stringify(buildPayload(channel.kind as ChannelFormat, notice)), nowMs: BigInt(nowMs) });
    return deliveryDto(await this.attempt({ ...d, channel }));
  }

  /** Sends every due delivery (one pass at a time). */
  deliverDue(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (;;) {
          const due = await dueDeliveries(this.options.db, BigInt(this.now()), 20);
          if (due.length === 0) break;
          await Promise.all(due.map((d) => this.attempt(d)));
        }
      } catch (err) {
        this.options.log?.(`[alerts] delivering notifications failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** When the next pending delivery is due (tests and the UI). */
  nextDue(): Promise<bigint | null> {
    return nextDueAt(this.options.db);
  }

  private async attempt(d: DeliveryRecord & { channel: ChannelRecord }): Promise<DeliveryRecord & { channel: ChannelRecord }> {
    const attempts = d.attempts + 1;
    let error: string | null;
    let status: number | null = null;
    try {
      const req = signedRequest(d.channel, d.payload, this.now());
      const res = await this.send(req.url, { method: "POST", headers: { "content-type": "application/json" }, body: req.body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      status = res.status;
      const text = await res.text().catch(() => "");
      const why = deliveryError(d.channel.kind as ChannelFormat, res.status, text);
      error = why === null ? null : `${d.channel.name}: ${why}`;
    } catch (err) {
      error = describeFailure(err, d.channel);
    }
    const nowMs = this.now();
    if (error === null) {
      return recordAttempt(this.options.db, d.id, { state: "delivered", attempts, nextAttemptAtMs: BigInt(nowMs), lastError: null, lastStatus: status, deliveredAtMs: BigInt(nowMs) });
    }
    const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS || d.event === "test";
    if (giveUp) this.options.log?.(`[alerts] notification #${d.id} to ${d.channel.name} failed after ${attempts} attempt(s): ${error}`);
    return recordAttempt(this.options.db, d.id, {
      state: giveUp ? "failed" : "pending",
      attempts,
      nextAttemptAtMs: BigInt(nowMs + (giveUp ? 0 : retryDelayMs(attempts, Math.random()))),
      lastError: error,
      lastStatus: status,
      deliveredAtMs: null,
    });
  }
}
