import { describe, expect, it } from "vitest";
import { createTranslator } from "@/lib/i18n";
import type { AlertRuleDto, ChannelDto } from "@/lib/schemas";
import {
  alertSpan,
  buildChannelInput,
  buildRuleInput,
  channelToForm,
  deliveryClass,
  emptyChannelForm,
  emptyRuleForm,
  isHttpUrl,
  parseCount,
  ruleToForm,
  silenceMinutes,
  splitSeconds,
  toSeconds,
  triageHref,
  triageWindow,
  type RuleFormState,
} from "./alertForms";
import { triageFocus } from "./triageFocus";

const rule = (over: Partial<AlertRuleDto>): AlertRuleDto => ({
  id: 7,
  name: "STOP now",
  enabled: true,
  clusterPattern: "*",
  groupPattern: "analytics-*",
  topicPattern: "*",
  condition: { kind: "status", statuses: ["STOP"] },
  conditionText: "status in {STOP}",
  forSeconds: 300,
  severity: "critical",
  updatedAtMs: 0,
  updatedBy: "admin",
  open: 0,
  ...over,
});

describe("durations", () => {
  it("splits seconds into the largest unit that divides them", () => {
    expect(splitSeconds(0)).toEqual({ amount: "0", unit: "seconds" });
    expect(splitSeconds(90)).toEqual({ amount: "90", unit: "seconds" });
    expect(splitSeconds(300)).toEqual({ amount: "5", unit: "minutes" });
    expect(splitSeconds(7200)).toEqual({ amount: "2", unit: "hours" });
    expect(splitSeconds(86_400 * 3)).toEqual({ amount: "3", unit: "days" });
    expect(splitSeconds(5400)).toEqual({ amount: "90", unit: "minutes" });
  });

  it("reads an amount in a unit as whole seconds within limits", () => {
    expect(toSeconds("5", "minutes", 0, 1000)).toBe(300);
    expect(toSeconds(" 1.5 ", "hours", 0, 10_000)).toBe(5400);
    expect(toSeconds("0", "seconds", 0, 10)).toBe(0);
    expect(toSeconds("0", "seconds", 1, 10)).toBeNull();
    expect(toSeconds("0.5", "seconds", 0, 10)).toBeNull();
    expect(toSeconds("-1", "seconds", 0, 10)).toBeNull();
    expect(toSeconds("abc", "minutes", 0, 10)).toBeNull();
    expect(toSeconds("8", "days", 0, 7 * 86_400)).toBeNull();
  });

  it("reads message counts with separators, refusing what is not a count", () => {
    expect(parseCount("100,000")).toBe("100000");
    expect(parseCount(" 1 000 000 ")).toBe("1000000");
    expect(parseCount("0")).toBe("0");
    expect(parseCount("9223372036854775807")).toBe("9223372036854775807");
    expect(parseCount("9223372036854775808")).toBeNull();
    expect(parseCount("-5")).toBeNull();
    expect(parseCount("1e6")).toBeNull();
    expect(parseCount("")).toBeNull();
  });
});

describe("rule form -> AlertRuleInput", () => {
  const form = (over: Partial<RuleFormState>): RuleFormState => ({ ...emptyRuleForm(), name: "r", ...over });

  it("builds each condition kind", () => {
    expect(buildRuleInput(form({ kind: "lag-messages", threshold: "250,000" }))).toMatchObject({ ok: true, input: { condition: { kind: "lag-messages", threshold: "250000" } } });
    expect(buildRuleInput(form({ kind: "lag-seconds", boundAmount: "15", boundUnit: "minutes" }))).toMatchObject({ ok: true, input: { condition: { kind: "lag-seconds", thresholdSeconds: 900 } } });
    expect(buildRuleInput(form({ kind: "eta", boundAmount: "1", boundUnit: "hours" }))).toMatchObject({ ok: true, input: { condition: { kind: "eta", maxSeconds: 3600 } } });
    expect(buildRuleInput(form({ kind: "status", statuses: ["STALL", "STOP"] }))).toMatchObject({ ok: true, input: { condition: { kind: "status", statuses: ["STOP", "STALL"] } } });
    expect(buildRuleInput(form({ kind: "no-clients" }))).toMatchObject({ ok: true, input: { condition: { kind: "no-clients" } } });
  });

  it("trims the name, makes empty patterns '*', and turns 'for' into seconds (0 fires at once)", () => {
    const r = buildRuleInput(form({ name: "  Lag  ", clusterPattern: " ", groupPattern: " order-*, billing-? ", forAmount: "0", forUnit: "minutes", severity: "critical", enabled: false }));
    expect(r).toEqual({
      ok: true,
      input: {
        name: "Lag",
        enabled: false,
        clusterPattern: "*",
        groupPattern: "order-*, billing-?",
        topicPattern: "*",
        condition: { kind: "lag-messages", threshold: "100000" },
        forSeconds: 0,
        severity: "critical",
      },
    });
  });

  it("says the first problem", () => {
    expect(buildRuleInput(form({ name: " " }))).toEqual({ ok: false, problem: "alerts.rule.problem.name" });
    expect(buildRuleInput(form({ groupPattern: "a\tb" }))).toEqual({ ok: false, problem: "alerts.rule.problem.pattern" });
    expect(buildRuleInput(form({ threshold: "lots" }))).toEqual({ ok: false, problem: "alerts.rule.problem.threshold" });
    expect(buildRuleInput(form({ kind: "eta", boundAmount: "0" }))).toEqual({ ok: false, problem: "alerts.rule.problem.bound" });
    expect(buildRuleInput(form({ kind: "status", statuses: [] }))).toEqual({ ok: false, problem: "alerts.rule.problem.statuses" });
    expect(buildRuleInput(form({ forAmount: "8", forUnit: "days" }))).toEqual({ ok: false, problem: "alerts.rule.problem.for" });
  });

  it("round-trips a stored rule through the form", () => {
    for (const r of [
      rule({}),
      rule({ condition: { kind: "lag-messages", threshold: "1000000" }, forSeconds: 0 }),
      rule({ condition: { kind: "lag-seconds", thresholdSeconds: 900 }, forSeconds: 90 }),
      rule({ condition: { kind: "eta", maxSeconds: 7200 }, severity: "warning", enabled: false }),
      rule({ condition: { kind: "no-clients" }, severity: "info" }),
    ]) {
      const back = buildRuleInput(ruleToForm(r));
      expect(back).toEqual({
        ok: true,
        input: { name: r.name, enabled: r.enabled, clusterPattern: r.clusterPattern, groupPattern: r.groupPattern, topicPattern: r.topicPattern, condition: r.condition, forSeconds: r.forSeconds, severity: r.severity },
      });
    }
  });
});

describe("channel form -> ChannelInput", () => {
  const channel: ChannelDto = {
    id: 3,
    name: "ops",
    kind: "dingtalk",
    urlMasked: "https://oapi.dingtalk.com/robot/send?access_token=***",
    hasSecret: true,
    enabled: true,
    minSeverity: "warning",
    updatedAtMs: 0,
    updatedBy: "admin",
    lastDelivery: null,
  };

  it("accepts http(s) URLs only", () => {
    expect(isHttpUrl("http://127.0.0.1:8080/hook")).toBe(true);
    expect(isHttpUrl(" https://hooks.slack.com/services/T/B/x ")).toBe(true);
    expect(isHttpUrl("ftp://example.com")).toBe(false);
    expect(isHttpUrl("http://")).toBe(false);
    expect(isHttpUrl("hooks.slack.com")).toBe(false);
  });

  it("creates without a secret unless one is typed", () => {
    const f = { ...emptyChannelForm(), name: " hook ", url: "http://127.0.0.1:9000/x " };
    expect(buildChannelInput(f, false)).toEqual({ ok: true, input: { name: "hook", kind: "webhook", url: "http://127.0.0.1:9000/x", enabled: true, minSeverity: "info" } });
    expect(buildChannelInput({ ...f, secret: "s3cret" }, false)).toMatchObject({ ok: true, input: { secret: "s3cret" } });
    expect(buildChannelInput({ ...f, removeSecret: true }, false)).toEqual({ ok: true, input: expect.not.objectContaining({ secret: expect.anything() }) });
  });

  it("editing keeps the stored secret and URL when left empty, removes the secret when asked", () => {
    const f = channelToForm(channel);
    expect(f).toMatchObject({ name: "ops", kind: "dingtalk", url: "", minSeverity: "warning" });
    // an empty URL keeps the stored one (PUT without url); a malformed one is refused
    expect(buildChannelInput(f, true)).toEqual({ ok: true, input: expect.not.objectContaining({ url: expect.anything() }) });
    expect(buildChannelInput({ ...f, url: "not a url" }, true)).toEqual({ ok: false, problem: "alerts.channel.problem.url" });
    expect(buildChannelInput(f, false)).toEqual({ ok: false, problem: "alerts.channel.problem.url" });
    const withUrl = { ...f, url: "https://oapi.dingtalk.com/robot/send?access_token=abc" };
    expect(buildChannelInput(withUrl, true)).toEqual({ ok: true, input: expect.not.objectContaining({ secret: expect.anything() }) });
    expect(buildChannelInput({ ...withUrl, removeSecret: true }, true)).toMatchObject({ ok: true, input: { secret: "" } });
    expect(buildChannelInput({ ...withUrl, name: "" }, true)).toEqual({ ok: false, problem: "alerts.channel.problem.name" });
  });
});

describe("silences, links, chart window", () => {
  it("custom silences are whole minutes from 1 minute to 30 days", () => {
    expect(silenceMinutes("90", "minutes")).toBe(90);
    expect(silenceMinutes("2", "hours")).toBe(120);
    expect(silenceMinutes("1.5", "days")).toBe(2160);
    expect(silenceMinutes("30", "days")).toBe(43_200);
    expect(silenceMinutes("31", "days")).toBeNull();
    expect(silenceMinutes("0", "hours")).toBeNull();
    expect(silenceMinutes("0.5", "minutes")).toBeNull();
  });

  it("links the group page with the alert, names encoded", () => {
    expect(triageHref({ id: 12, cluster: "prod east", group: "%RETRY%g" })).toBe("/groups/prod%20east/%25RETRY%25g?alert=12");
  });

  it("opens a resolved alert at its range and an open one as a live window from the same start", () => {
    const range = { from: 1_000_000, to: 5_000_000 };
    expect(triageWindow({ resolvedAtMs: 4_000_000, range }, 9_000_000)).toEqual(range);
    expect(triageWindow({ resolvedAtMs: null, range }, 4_600_000)).toEqual({ lastMs: 3_600_000 });
    expect(triageWindow({ resolvedAtMs: null, range: { from: 10, to: 20 } }, 20)).toEqual({ lastMs: 60_000 });
    expect(alertSpan({ sinceMs: 1, firedAtMs: 2, resolvedAtMs: null })).toEqual({ from: 1, fired: 2, to: null });
  });

  it("describes the marked span under the chart", () => {
    const t = createTranslator("en");
    const f = triageFocus(t, { id: 4, sinceMs: 1_000_000, firedAtMs: 1_060_000, resolvedAtMs: null, range: { from: 0, to: 2_000_000 } }, 2_000_000);
    expect(f.label).toBe("Alert #4");
    expect(f.window).toEqual({ lastMs: 2_000_000 });
    expect(f.highlight).toMatchObject({ from: 1_000_000, to: null, at: 1_060_000 });
    expect(f.legend).toMatch(/^Alert #4: pending from .+, firing from .+, still open$/);
    const resolved = triageFocus(t, { id: 4, sinceMs: 1_000_000, firedAtMs: null, resolvedAtMs: 1_500_000, range: { from: 0, to: 2_000_000 } }, 9_000_000);
    expect(resolved.window).toEqual({ from: 0, to: 2_000_000 });
    expect(resolved.legend).toMatch(/^Alert #4: pending from .+, resolved at .+$/);
  });

  it("marks failed deliveries apart", () => {
    expect(deliveryClass("failed")).toContain("delivery-failed");
    expect(deliveryClass("pending")).toContain("delivery-pending");
    expect(deliveryClass(null)).toBe("delivery");
  });
});
