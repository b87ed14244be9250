import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseAddress, parseClusters, parseProxies } from "./config";

describe("parseClusters", () => {
  it("treats a missing or blank value as no cluster configured", () => {
    expect(parseClusters(undefined)).toEqual([]);
    expect(parseClusters("  ")).toEqual([]);
  });

  it("parses several clusters with several NameServers each", () => {
    expect(parseClusters("prod=10.0.0.1:9876;10.0.0.2:9876, staging=ns.staging:9876")).toEqual([
      { name: "prod", nameServers: ["10.0.0.1:9876", "10.0.0.2:9876"], proxies: [] },
      { name: "staging", nameServers: ["ns.staging:9876"], proxies: [] },
    ]);
  });

  it("drops duplicate addresses and empty separators", () => {
    expect(parseClusters("a=127.0.0.1:9876;;127.0.0.1:9876;,")).toEqual([{ name: "a", nameServers: ["127.0.0.1:9876"], proxies: [] }]);
  });

  it.each([
    ["127.0.0.1:9876", /has no name/],
    ["a=", /has no NameServer address/],
    ["a=127.0.0.1", /not a NameServer address/],
    ["a=127.0.0.1:0", /not a NameServer address/],
    ["a=127.0.0.1:70000", /not a NameServer address/],
    ["a=host name:9876", /not a NameServer address/],
    ["bad name=127.0.0.1:9876", /may use only/],
    ["a=127.0.0.1:9876,a=127.0.0.2:9876", /listed twice/],
  ])("rejects %j with an actionable message", (raw, message) => {
    expect(() => parseClusters(raw)).toThrow(ConfigError);
    expect(() => parseClusters(raw)).toThrow(message);
  });
});

describe("parseProxies", () => {
  const clusters = parseClusters("prod=10.0.0.1:9876,staging=10.0.1.1:9876");

  it("attaches each cluster's proxy addresses; clusters without any get none", () => {
    expect(parseProxies("prod=10.0.0.5:8080;10.0.0.6:8080;10.0.0.5:8080", clusters)).toEqual([
      { name: "prod", nameServers: ["10.0.0.1:9876"], proxies: ["10.0.0.5:8080", "10.0.0.6:8080"] },
      { name: "staging", nameServers: ["10.0.1.1:9876"], proxies: [] },
    ]);
    expect(parseProxies(undefined, clusters).map((c) => c.proxies)).toEqual([[], []]);
  });

  it("is read by loadConfig", () => {
    expect(loadConfig({ TIDEMARK_CLUSTERS: "c=127.0.0.1:9876", TIDEMARK_PROXIES: "c=127.0.0.1:8081" }).clusters).toEqual([{ name: "c", nameServers: ["127.0.0.1:9876"], proxies: ["127.0.0.1:8081"] }]);
  });

  it.each([
    ["10.0.0.5:8080", /has no cluster name/],
    ["dev=10.0.0.5:8080", /"dev" is not a cluster of TIDEMARK_CLUSTERS \(prod, staging\)/],
    ["prod=", /has no proxy address/],
    ["prod=10.0.0.5", /"10.0.0.5" is not a proxy address/],
    ["prod=10.0.0.5:8080,prod=10.0.0.6:8080", /listed twice/],
  ])("rejects %j with an actionable message", (raw, message) => {
    expect(() => parseProxies(raw, clusters)).toThrow(ConfigError);
    expect(() => parseProxies(raw, clusters)).toThrow(message);
  });
});

describe("parseAddress", () => {
  it("accepts hostnames, IPv4 and bracketed IPv6", () => {
    expect(parseAddress(" broker-1.internal:10911 ", "x")).toBe("broker-1.internal:10911");
    expect(parseAddress("[::1]:9876", "x")).toBe("[::1]:9876");
  });
});

describe("loadConfig", () => {
  it("applies defaults", () => {
    expect(loadConfig({})).toEqual({ clusters: [], databaseUrl: "file:./data/tidemark.db", port: 3000, host: "127.0.0.1" });
  });

  it("reads every variable", () => {
    const config = loadConfig({ TIDEMARK_CLUSTERS: "c=127.0.0.1:9876", DATABASE_URL: "file:/tmp/x.db", PORT: "3100", HOST: "0.0.0.0" });
    expect(config).toEqual({ clusters: [{ name: "c", nameServers: ["127.0.0.1:9876"], proxies: [] }], databaseUrl: "file:/tmp/x.db", port: 3100, host: "0.0.0.0" });
  });

  it("rejects a bad port", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
  });
});
