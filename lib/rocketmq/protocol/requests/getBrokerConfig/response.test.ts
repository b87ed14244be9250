import { describe, expect, it } from "vitest";
import { ResponseError } from "../../../errors";
import { createResponse, type RemotingCommand } from "../../remotingCommand";
import { replyFixture, thrown } from "../../testing";
import { ResponseCode } from "../../responseCode";
import { code, encode } from "./request";
import { dataVersion, decode, parse } from "./response";

const T = "127.0.0.1:10911";

const fixture = (name: string) => replyFixture(import.meta.url, name);

function reply(c: number, opts?: { body?: string; remark?: string; ext?: Record<string, string> }): RemotingCommand {
  return createResponse({ opaque: 1 }, c, {
    remark: opts?.remark,
    extFields: opts?.ext,
    body: opts?.body === undefined ? undefined : Buffer.from(opts.body, "utf8"),
  });
}

describe("GET_BROKER_CONFIG (26)", () => {
  it("encodes no ext fields", () => {
    expect(code).toBe(26);
    const req = encode();
    expect(req.code).toBe(26);
    expect(req.flag).toBe(0);
    expect(req.extFields).toEqual({});
    expect(req.body).toBeUndefined();
  });

  it("reads key=value lines, splitting at the first '=' only, every value a string", () => {
    const body = "brokerName=broker-a\nlistenPort=10911\nmetricsGrpcExporterHeader=a=1,b=2\ncontrollerAddr=\nuseServerSideResetOffset=true\n";
    const config = parse(reply(ResponseCode.SUCCESS, { body }), T);
    expect([...config]).toEqual([
      ["brokerName", "broker-a"],
      ["listenPort", "10911"],
      ["metricsGrpcExporterHeader", "a=1,b=2"],
      ["controllerAddr", ""],
      ["useServerSideResetOffset", "true"],
    ]);
  });

  it("keeps backslashes and colons as written (properties2String escapes nothing)", () => {
    const config = decode(Buffer.from("storePathRootDir=C:\\rocketmq\\store\nnamesrvAddr=127.0.0.1:9876;127.0.0.2:9876\n"));
    expect(config.get("storePathRootDir")).toBe("C:\\rocketmq\\store");
    expect(config.get("namesrvAddr")).toBe("127.0.0.1:9876;127.0.0.2:9876");
  });

  it("tolerates CRLF, blank lines, no final newline, and a value that spans lines", () => {
    const config = decode(Buffer.from("a=1\r\n\r\nb=two\nlines\nc=3"));
    expect([...config]).toEqual([
      ["a", "1"],
      ["b", "two\nlines"],
      ["c", "3"],
    ]);
  });

  it("gives an empty config for an absent or empty body (the broker sends none for empty text)", () => {
    expect(parse(reply(ResponseCode.SUCCESS), T).size).toBe(0);
    expect(decode(undefined).size).toBe(0);
    expect(decode(Buffer.alloc(0)).size).toBe(0);
  });

  it("exposes the header's DataVersion JSON", () => {
    expect(dataVersion(reply(ResponseCode.SUCCESS, { ext: { version: '{"counter":3,"stateVersion":0,"timestamp":1}' } }))).toBe('{"counter":3,"stateVersion":0,"timestamp":1}');
    expect(dataVersion(reply(ResponseCode.SUCCESS))).toBeUndefined();
  });

  it("throws typed errors on a non-SUCCESS code", () => {
    const err = thrown(() => parse(reply(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, { remark: " request type 26 not supported" }), T));
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toMatchObject({ code: 3, retriable: false, requestCode: 26 });
    expect(thrown(() => parse(reply(ResponseCode.SYSTEM_BUSY), T))).toMatchObject({ code: 2, retriable: true });
  });
});

describe("GET_BROKER_CONFIG (26) captured replies", () => {
  it("5.3.3: sorted keys, useServerSideResetOffset=true, DataVersion with stateVersion in the header", () => {
    const r = fixture("v5_default.hex");
    expect(r.remark).toBeUndefined();
    const config = parse(r, T);
    expect(config.size).toBeGreaterThan(300);
    expect(config.get("useServerSideResetOffset")).toBe("true");
    expect(config.get("brokerName")).toBe("broker-a");
    expect(config.get("brokerClusterName")).toBe("DefaultCluster");
    expect(config.get("brokerId")).toBe("0");
    expect(config.get("flushConsumerOffsetInterval")).toBe("1000");
    const keys = [...config.keys()];
    expect(keys).toEqual([...keys].sort());
    expect(JSON.parse(dataVersion(r)!)).toMatchObject({ counter: 0, stateVersion: 0 });
  });

  it("4.9.7: no useServerSideResetOffset (legacy reset only), HashMap order, DataVersion without stateVersion", () => {
    const r = fixture("v4_default.hex");
    const config = parse(r, T);
    expect(config.size).toBeGreaterThan(100);
    expect(config.has("useServerSideResetOffset")).toBe(false);
    expect(config.get("brokerName")).toBe("broker-a");
    expect(config.get("brokerId")).toBe("0");
    const keys = [...config.keys()];
    expect(keys).not.toEqual([...keys].sort());
    expect(Object.keys(JSON.parse(dataVersion(r)!)).sort()).toEqual(["counter", "timestamp"]);
  });
});
