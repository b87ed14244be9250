/**
 * Notification payloads per channel format, and the retry schedule of a delivery. Pure: the service
 * posts the body; here only what is sent and when to try again.
 *
 * Formats (each service's documented incoming-webhook body):
 * - webhook: our own JSON (versioned), one alert per request;
 * - slack: `{text, blocks}` (mrkdwn section + context);
 * - dingtalk: `{msgtype: "markdown", markdown: {title, text}}`;
 * - feishu: `{msg_type: "interactive", card: {header, elements}}` with a header colour per severity.
 */
import type { AlertSeverity } from "./alerts";

export type ChannelFormat = "webhook" | "slack" | "dingtalk" | "feishu";

export interface AlertNotice {
  /** "firing" when it fired, "resolved" when it ended; "test" for the "send test" button. */
  readonly event: "firing" | "resolved" | "test";
  readonly alertId: number;
  readonly rule: string;
  readonly severity: AlertSeverity;
  readonly cluster: string;
  readonly group: string;
  /** The condition in words, e.g. "status in {STOP}". */
  readonly condition: string;
  /** The value when it fired. */
  readonly evidence: string;
  /** The latest value (for resolved: what it was when it ended). */
  readonly lastValue: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number | null;
  /** Link to the triage view, when the console's public URL is known. */
  readonly url: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function title(n: AlertNotice): string {
  const tag = n.event === "test" ? "[TEST]" : n.event === "resolved" ? "[RESOLVED]" : `[${n.severity.toUpperCase()}]`;
  return `${tag} ${n.rule}: ${n.cluster}/${n.group}`;
}

function lines(n: AlertNotice): string[] {
  const out = [`Condition: ${n.condition}`, n.event === "resolved" ? `Fired with: ${n.evidence}` : `Evidence: ${n.evidence}`];
  if (n.event === "resolved") out.push(`Now: ${n.lastValue}`, `From ${iso(n.startsAtMs)} to ${iso(n.endsAtMs ?? n.startsAtMs)}`);
  else out.push(`Since ${iso(n.startsAtMs)}`);
  return out;
}

export function buildPayload(format: ChannelFormat, n: AlertNotice): Record<string, unknown> {
  switch (format) {
    case "webhook":
      return {
        version: 1,
        source: "tidemark",
        event: n.event,
        alert: {
          id: n.alertId,
          rule: n.rule,
          severity: n.severity,
          cluster: n.cluster,
          group: n.group,
          condition: n.condition,
          evidence: n.evidence,
          lastValue: n.lastValue,
          startsAt: iso(n.startsAtMs),
          endsAt: n.endsAtMs === null ? null : iso(n.endsAtMs),
          url: n.url,
        },
      };
    case "slack": {
      const text = title(n);
      const body = lines(n).join("\n") + (n.url ? `\n<${n.url}|Open in Tidemark>` : "");
      return {
        text,
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: `*${text}*\n${body}` } },
          { type: "context", elements: [{ type: "mrkdwn", text: `Tidemark · alert #${n.alertId}` }] },
        ],
      };
    }
    case "dingtalk": {
      const text = [`### ${title(n)}`, ...lines(n).map((l) => `- ${l}`), ...(n.url ? [`[Open in Tidemark](${n.url})`] : [])].join("\n");
      return { msgtype: "markdown", markdown: { title: title(n), text } };
    }
    case "feishu": {
      const template = n.event === "resolved" ? "green" : n.event === "test" ? "blue" : n.severity === "critical" ? "red" : n.severity === "warning" ? "orange" : "blue";
      return {
        msg_type: "interactive",
        card: {
          header: { title: { tag: "plain_text", content: title(n) }, template },
          elements: [
            { tag: "div", text: { tag: "lark_md", content: lines(n).join("\n") } },
            ...(n.url ? [{ tag: "action", actions: [{ tag: "button", text: { tag: "plain_text", content: "Open in Tidemark" }, url: n.url, type: "default" }] }] : []),
          ],
        },
      };
    }
  }
}

/**
 * Whether a channel's reply means delivered. Slack answers "ok"; DingTalk and Feishu answer HTTP 200
 * with an error code in the body (errcode / code != 0), which is a failed delivery.
 */
export function deliveryError(format: ChannelFormat, status: number, body: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}`;
  if (format === "dingtalk" || format === "feishu") {
    try {
      const parsed = JSON.parse(body) as { errcode?: number; errmsg?: string; code?: number; msg?: string };
      const code = parsed.errcode ?? parsed.code;
      if (typeof code === "number" && code !== 0) return `${format} error ${code}: ${parsed.errmsg ?? parsed.msg ?? "unknown"}`;
    } catch {
      // a non-JSON 2xx body: treat as delivered
    }
  }
  return null;
}

/** Delay before retry `attempt` (1-based): 2 s, 4 s, 8 s … capped at 5 min; `jitter` in [0,1) spreads it by up to 20 %. */
export function retryDelayMs(attempt: number, jitter = 0): number {
  const base = Math.min(2_000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base * (1 + 0.2 * jitter));
}

/** Attempts before a delivery is given up and shown as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;
