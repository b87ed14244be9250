import { describe, expect, it } from "vitest";
import { z } from "zod";
import { asFetched, GROUP_LIST_PARAMS, groupListParamsOf, settleWithin } from "./serverPrefetch";

describe("groupListParamsOf", () => {
  it("is empty for the bare page, as GroupList's key for /groups", () => {
    expect(groupListParamsOf({})).toEqual({});
    // the cluster tab is the page's business, not the list query's
    expect(groupListParamsOf({ cluster: "sandbox" })).toEqual({});
  });

  it("keeps the list's parameters that are present and non-empty, the first of repeated ones", () => {
    expect(groupListParamsOf({ search: "indexer", sort: "group", dir: "asc", page: "2", status: "", model: undefined, lagging: ["1", "0"], other: "x" })).toEqual({
      search: "indexer",
      sort: "group",
      dir: "asc",
      page: "2",
      lagging: "1",
    });
  });

  it("knows every parameter GroupList reads", () => {
    expect(GROUP_LIST_PARAMS).toEqual(["search", "model", "status", "lagging", "system", "sort", "dir", "page", "pageSize"]);
  });
});

describe("asFetched", () => {
  const schema = z.object({ a: z.string(), b: z.number().nullable(), c: z.object({ d: z.string().optional() }) });

  it("gives what the browser caches: JSON drops undefined fields, the schema drops unknown ones", () => {
    const value = { a: "x", b: null, c: { d: undefined }, extra: 1 };
    const fetched = asFetched(value, schema);
    expect(fetched).toEqual({ a: "x", b: null, c: {} });
    expect("d" in fetched.c).toBe(false);
    expect("extra" in fetched).toBe(false);
  });

  it("throws when the value does not match the schema (the prefetch then fails and the client fetches)", () => {
    expect(() => asFetched({ a: 1 }, schema)).toThrow();
  });
});

describe("settleWithin", () => {
  it("waits for work that settles in time, rejected or not", async () => {
    await expect(settleWithin(Promise.resolve(1), 1_000)).resolves.toBe("settled");
    await expect(settleWithin(Promise.reject(new Error("broker down")), 1_000)).resolves.toBe("settled");
  });

  it("gives up on slow work without rejecting", async () => {
    const slow = new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    await expect(settleWithin(slow, 20)).resolves.toBe("timeout");
    expect(Date.now() - started).toBeLessThan(400);
  });
});
