import { describe, expect, it } from "vitest";
import { buildPayload, deliveryError, retryDelayMs, type AlertNotice } from "./notify";

const notice: AlertNotice = {
  event: "firing",
  alertId: 42,
  rule: "Consumers gone with a backlog (STOP)",
  severity: "critical",
  cluster: "prod",
  group: "orders-consumer",
  condition: "status in {STOP}",
  evidence: "status STOP: no client online, lag 1,204",
  lastValue: "status STOP: no client online, lag 1,204",
  startsAtMs: Date.UTC(2026, 10, 21, 10, 0, 0),
  endsAtMs: null,
  url: "https://tidemark.example/alerts/42",
};

describe("payloads", () => {
  it("webhook: versioned JSON with the alert and ISO times", () => {
    expect(buildPayload("webhook", notice)).toEqual({
      version: 1,
      source: "tidemark",
      event: "firing",
      alert: {
        id: 42,
        rule: "Consumers gone with a backlog (STOP)",
        severity: "critical",
        cluster: "prod",
        group: "orders-consumer",
        condition: "status in {STOP}",
        evidence: "status STOP: no client online, lag 1,204",
        lastValue: "status STOP: no client online, lag 1,204",
        startsAt: "2026-11-21T10:00:00.000Z",
        endsAt: null,
        url: "https://tidemark.example/alerts/42",
      },
    });
  });

  it("slack: text fallback plus a mrkdwn section with a link", () => {
    const p = buildPayload("slack", notice) as { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(p.text).toBe("[CRITICAL] Consumers gone with a backlog (STOP): prod/orders-consumer");
    expect(p.blocks[0]!.text!.text).toContain("Evidence: status STOP: no client online, lag 1,204");
    expect(p.blocks[0]!.text!.text).toContain("<https://tidemark.example/alerts/42|Open in Tidemark>");
  });

  it("dingtalk: markdown message", () => {
    const p = buildPayload("dingtalk", { ...notice, event: "resolved", endsAtMs: notice.startsAtMs + 600_000, lastValue: "status OK: keeping up" }) as { msgtype: string; markdown: { title: string; text: string } };
    expect(p.msgtype).toBe("markdown");
    expect(p.markdown.title).toBe("[RESOLVED] Consumers gone with a backlog (STOP): prod/orders-consumer");
    expect(p.markdown.text).toContain("- Now: status OK: keeping up");
    expect(p.markdown.text).toContain("- From 2026-11-21T10:00:00.000Z to 2026-11-21T10:10:00.000Z");
  });

  it("feishu: interactive card coloured by severity, green when resolved, blue for a test", () => {
    const card = (n: AlertNotice) => (buildPayload("feishu", n) as { msg_type: string; card: { header: { template: string } } });
    expect(card(notice).msg_type).toBe("interactive");
    expect(card(notice).card.header.template).toBe("red");
    expect(card({ ...notice, severity: "warning" }).card.header.template).toBe("orange");
    expect(card({ ...notice, event: "resolved" }).card.header.template).toBe("green");
    expect(card({ ...notice, event: "test" }).card.header.template).toBe("blue");
  });
});

describe("delivery", () => {
  it("non-2xx fails; DingTalk/Feishu errors inside a 200 fail; other 2xx succeed", () => {
    expect(deliveryError("webhook", 500, "boom")).toBe("HTTP 500: boom");
    expect(deliveryError("dingtalk", 200, '{"errcode":310000,"errmsg":"keywords not in content"}')).toBe("dingtalk error 310000: keywords not in content");
    expect(deliveryError("feishu", 200, '{"code":19021,"msg":"sign match fail"}')).toBe("feishu error 19021: sign match fail");
    expect(deliveryError("feishu", 200, '{"code":0,"msg":"success"}')).toBeNull();
    expect(deliveryError("slack", 200, "ok")).toBeNull();
  });
  it("backs off exponentially with a cap", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelayMs(20)).toBe(300_000);
    expect(retryDelayMs(1, 0.5)).toBe(2_200);
  });
});
