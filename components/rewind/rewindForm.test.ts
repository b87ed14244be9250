import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RewindQueueDto } from "@/lib/schemas";
import { agoToMinutes, applyPreset, buildPreviewRequest, localInputToIso, offsetText, parseShift, topicSections, toLocalInput, zoneLabel, type RewindFormState } from "./rewindForm";

const base: RewindFormState = {
  mode: "timestamp",
  timeInput: "ago",
  agoAmount: "10",
  agoUnit: "minutes",
  at: "",
  shiftBy: "",
  topics: ["order-events"],
  someQueues: false,
  queues: [],
  offsets: {},
};

describe("time zone", () => {
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "Europe/Berlin";
  });
  afterAll(() => {
    process.env.TZ = tz;
  });

  it("names the zone with its offset", () => {
    expect(offsetText(60)).toBe("+01:00");
    expect(offsetText(-330)).toBe("-05:30");
    expect(offsetText(0)).toBe("+00:00");
    expect(zoneLabel("Europe/Berlin", 60)).toBe("Europe/Berlin (UTC+01:00)");
  });

  it("sends a datetime-local value as ISO with the offset in force at that moment", () => {
    expect(localInputToIso("2026-11-21T10:00")).toBe("2026-11-21T10:00:00+01:00");
    expect(localInputToIso("2026-07-01T10:00:30")).toBe("2026-07-01T10:00:30+02:00");
    expect(Date.parse(localInputToIso("2026-11-21T10:00")!)).toBe(Date.UTC(2026, 10, 21, 9, 0, 0));
    expect(localInputToIso("2026-11-21")).toBeNull();
    expect(localInputToIso("")).toBeNull();
  });

  it("round-trips a moment through the datetime-local form", () => {
    const ms = Date.UTC(2026, 10, 21, 9, 30, 15);
    expect(toLocalInput(ms)).toBe("2026-11-21T10:30:15");
    expect(Date.parse(localInputToIso(toLocalInput(ms))!)).toBe(ms);
  });

  it("a triage shortcut presets the mode and keeps the topics (a rewind to when the alert started is sent with its zone)", () => {
    expect(applyPreset(base, undefined)).toBe(base);
    expect(applyPreset(base, { key: 1, kind: "latest" })).toEqual({ ...base, mode: "latest" });
    expect(buildPreviewRequest(applyPreset(base, { key: 1, kind: "latest" }))).toEqual({ ok: true, body: { mode: { kind: "latest" }, scope: { topics: ["order-events"] } } });
    const since = Date.UTC(2026, 10, 21, 9, 30, 15);
    const form = applyPreset({ ...base, mode: "shift" }, { key: 2, kind: "timestamp", atMs: since });
    expect(form).toMatchObject({ mode: "timestamp", timeInput: "at", at: "2026-11-21T10:30:15", topics: ["order-events"] });
    expect(buildPreviewRequest(form)).toEqual({ ok: true, body: { mode: { kind: "timestamp", at: "2026-11-21T10:30:15+01:00" }, scope: { topics: ["order-events"] } } });
  });
});

describe("form -> preview request", () => {
  it("reads 'N units ago' as minutes within the server's limit", () => {
    expect(agoToMinutes("10", "minutes")).toBe(10);
    expect(agoToMinutes("6", "hours")).toBe(360);
    expect(agoToMinutes("1.5", "hours")).toBe(90);
    expect(agoToMinutes("2", "days")).toBe(2880);
    for (const bad of ["0", "-5", "abc", "", "400"]) expect(agoToMinutes(bad, bad === "400" ? "days" : "minutes"), bad).toBeNull();
  });

  it("reads a shift as a signed non-zero integer", () => {
    expect(parseShift("-100")).toBe("-100");
    expect(parseShift("+250")).toBe("250");
    expect(parseShift(" 7 ")).toBe("7");
    for (const bad of ["0", "-0", "1.5", "", "ten"]) expect(parseShift(bad), bad).toBeNull();
  });

  it("builds each mode's body", () => {
    expect(buildPreviewRequest(base)).toEqual({ ok: true, body: { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: ["order-events"] } } });
    expect(buildPreviewRequest({ ...base, mode: "latest", topics: ["b", "a"] })).toEqual({ ok: true, body: { mode: { kind: "latest" }, scope: { topics: ["a", "b"] } } });
    expect(buildPreviewRequest({ ...base, mode: "shift", shiftBy: "-100" })).toEqual({ ok: true, body: { mode: { kind: "shift", by: "-100" }, scope: { topics: ["order-events"] } } });
    const at = buildPreviewRequest({ ...base, timeInput: "at", at: "2026-11-21T10:00" });
    expect(at.ok && at.body.mode.kind === "timestamp" && "at" in at.body.mode && /^2026-11-21T10:00:00[+-]\d{2}:\d{2}$/.test(at.body.mode.at)).toBe(true);
  });

  it("narrows to chosen queues of the chosen topics", () => {
    const r = buildPreviewRequest({ ...base, someQueues: true, queues: ["order-events|broker-a|1", "other|broker-a|0"] });
    expect(r).toEqual({ ok: true, body: { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: ["order-events"], queues: [{ topic: "order-events", brokerName: "broker-a", queueId: 1 }] } } });
    expect(buildPreviewRequest({ ...base, someQueues: true, queues: [] })).toEqual({ ok: false, problem: "rewind.problem.noQueue" });
  });

  it("sends exact offsets for the filled inputs only, as decimal strings", () => {
    const r = buildPreviewRequest({ ...base, mode: "offsets", topics: [], offsets: { "t|broker-b|0": " 0120 ", "t|broker-a|3": "", "t|broker-a|1": "5" } });
    expect(r).toEqual({
      ok: true,
      body: {
        mode: {
          kind: "offsets",
          offsets: [
            { topic: "t", brokerName: "broker-a", queueId: 1, offset: "5" },
            { topic: "t", brokerName: "broker-b", queueId: 0, offset: "120" },
          ],
        },
        scope: { topics: ["t"] },
      },
    });
    expect(buildPreviewRequest({ ...base, mode: "offsets", offsets: { "t|b|0": "-1" } })).toEqual({ ok: false, problem: "rewind.problem.offset" });
    expect(buildPreviewRequest({ ...base, mode: "offsets", offsets: {} })).toEqual({ ok: false, problem: "rewind.problem.noOffset" });
  });

  it("says what is missing", () => {
    expect(buildPreviewRequest({ ...base, topics: [] })).toEqual({ ok: false, problem: "rewind.problem.noTopic" });
    expect(buildPreviewRequest({ ...base, agoAmount: "" })).toEqual({ ok: false, problem: "rewind.problem.ago" });
    expect(buildPreviewRequest({ ...base, timeInput: "at", at: "" })).toEqual({ ok: false, problem: "rewind.problem.at" });
    expect(buildPreviewRequest({ ...base, mode: "shift", shiftBy: "0" })).toEqual({ ok: false, problem: "rewind.problem.shift" });
  });
});

describe("topicSections", () => {
  const q = (topic: string, queueId: number, reconsume: string | null, skip: string | null): RewindQueueDto => ({
    topic,
    brokerName: "broker-a",
    queueId,
    previewed: reconsume === null ? null : "100",
    before: null,
    target: "90",
    minOffset: "0",
    maxOffset: "200",
    after: null,
    reconsume,
    skip,
    notes: [],
    method: null,
    outcome: "planned",
    detail: "",
  });

  it("groups per topic in order and sums exactly (int64)", () => {
    const big = "9007199254740993"; // 2^53 + 1: a Number would lose it
    const s = topicSections([q("b", 0, "10", "0"), q("a", 0, big, "0"), q("b", 1, null, null), q("b", 2, "5", "3")]);
    expect(s.map((x) => x.topic)).toEqual(["b", "a"]);
    expect(s[0]).toMatchObject({ reconsume: 15n, skip: 3n, withoutOffset: 1 });
    expect(s[0]!.queues).toHaveLength(3);
    expect(s[1]!.reconsume).toBe(9007199254740993n);
  });
});
