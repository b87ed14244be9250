import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFrameBody, encodeFrame } from "../../remotingCommand";
import { code, encode } from "./request";

/** The request a fixture was captured with, from its `# request: code N {...}` comment. */
function capturedRequest(name: string): { code: number; extFields: Record<string, string> } {
  const text = readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8");
  const m = /^# request: code (\d+) (\{.*\})$/m.exec(text);
  if (!m) throw new Error(`${name} has no request comment`);
  return { code: Number(m[1]), extFields: JSON.parse(m[2]!) as Record<string, string> };
}

/** Encodes with an opaque and decodes the frame again, as the broker would see it. */
function onTheWire(req: Parameters<typeof encode>[0]) {
  const frame = encodeFrame({ ...encode(req), opaque: 1 });
  const headerLength = frame.readUInt32BE(4) & 0xffffff;
  return { header: frame.subarray(8, 8 + headerLength).toString("utf8"), cmd: decodeFrameBody(frame.subarray(4)) };
}

describe("GET_CONSUME_STATS (208) request", () => {
  it("has no `topic` ext field at all when no topic is given", () => {
    expect(code).toBe(208);
    const { header, cmd } = onTheWire({ consumerGroup: "fx_healthy" });
    expect(cmd.code).toBe(208);
    expect({ ...cmd.extFields }).toEqual({ consumerGroup: "fx_healthy" });
    expect(Object.keys(cmd.extFields)).not.toContain("topic");
    // Not even an empty or "undefined" value in the header bytes.
    expect(header).not.toContain('"topic"');
    expect(header).not.toContain("undefined");
  });

  it("sends `topic` when one is given", () => {
    const { header, cmd } = onTheWire({ consumerGroup: "fx_healthy", topic: "TidemarkFixture" });
    expect({ ...cmd.extFields }).toEqual({ consumerGroup: "fx_healthy", topic: "TidemarkFixture" });
    expect(header).toContain('"topic":"TidemarkFixture"');
  });

  it.each(["v5", "v4"])("matches the requests the %s fixtures were captured with", (v) => {
    for (const [scenario, req] of [
      ["all_topics", { consumerGroup: "fx_healthy" }],
      ["one_topic", { consumerGroup: "fx_healthy", topic: "TidemarkFixture" }],
    ] as const) {
      const captured = capturedRequest(`${v}_${scenario}.hex`);
      const cmd = encode(req);
      expect(cmd.code).toBe(captured.code);
      expect({ ...cmd.extFields }).toEqual(captured.extFields);
    }
  });
});
