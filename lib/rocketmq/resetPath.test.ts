import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "./errors";
import { decode } from "./protocol/requests/getBrokerConfig/response";
import { replyFixture, thrown } from "./protocol/testing";
import { resetPathOf } from "./resetPath";

const config = (entries: Record<string, string>) => new Map(Object.entries(entries));
const fixture = (name: string) => replyFixture(new URL("./protocol/requests/getBrokerConfig/response.test.ts", import.meta.url).href, name);

describe("resetPathOf", () => {
  it("is server-side only when the broker says useServerSideResetOffset=true", () => {
    expect(resetPathOf(config({ brokerName: "broker-a", useServerSideResetOffset: "true" }), "V5_3_3")).toBe("server-side");
  });

  it("is legacy when the flag is false (5.1.x default, or turned off) or absent (4.x, 5.0)", () => {
    expect(resetPathOf(config({ useServerSideResetOffset: "false" }), "V5_1_4")).toBe("legacy");
    expect(resetPathOf(config({ brokerName: "broker-a" }), "V4_9_7")).toBe("legacy");
    expect(resetPathOf(new Map(), undefined)).toBe("legacy");
  });

  it("does not guess from the version", () => {
    expect(resetPathOf(config({ useServerSideResetOffset: "false" }), "V5_3_3")).toBe("legacy");
    expect(resetPathOf(config({ useServerSideResetOffset: "true" }), "V4_9_7")).toBe("server-side");
  });

  it("refuses a value no broker sends, naming the version", () => {
    const err = thrown(() => resetPathOf(config({ useServerSideResetOffset: "yes" }), "V5_3_3"));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect((err as Error).message).toContain("V5_3_3");
    expect((err as Error).message).toContain('"yes"');
    expect(thrown(() => resetPathOf(config({ useServerSideResetOffset: "" }), undefined))).toBeInstanceOf(UnexpectedResponseError);
  });

  it("reads the captured configs: 5.3.3 server-side, 4.9.7 legacy", () => {
    expect(resetPathOf(decode(fixture("v5_default.hex").body), "V5_3_3")).toBe("server-side");
    expect(resetPathOf(decode(fixture("v4_default.hex").body), "V4_9_7")).toBe("legacy");
  });
});
