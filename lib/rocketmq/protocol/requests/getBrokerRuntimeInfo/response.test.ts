import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../errors";
import { thrown } from "../../testing";
import { decode } from "./response";

describe("GET_BROKER_RUNTIME_INFO (28) table", () => {
  it("reads the string table and its derived fields", () => {
    const info = decode(Buffer.from('{"table":{"brokerVersionDesc":"V5_3_3","bootTimestamp":"1700000000000","putTps":"19.99 1.5 ","commitLogDiskRatio":"0.25","n":5}}'));
    expect(info.version).toBe("V5_3_3");
    expect(info.bootTimestamp).toBe(1_700_000_000_000n);
    expect(info.putTps).toEqual({ last10s: 19.99, last1min: 1.5, last10min: undefined });
    expect(info.commitLogDiskRatio).toBe(0.25);
    expect(info.table.n).toBe("5");
  });

  // Found by the fixture fuzz (fuzz.ts runFixtureFuzz): String() of a fastjson object threw a TypeError.
  it("an object or array value is a ProtocolError, not a TypeError or \"[object Object]\"", () => {
    for (const value of ['{"k":1}', "{1:2}", '[{"k":1}]', "[1]"]) {
      const err = thrown(() => decode(Buffer.from(`{"table":{"putTps":${value}}}`)));
      expect(err, value).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).kind).toBe("malformed_body");
    }
  });
});
