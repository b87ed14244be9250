// Which requests the proxy (proxy.ts at the root) runs for, checked with Next's own matcher.
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

const runsFor = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("proxy matcher", () => {
  it("runs for pages (the login redirect and the CSP nonce)", () => {
    for (const url of ["/", "/groups", "/clusters/sandbox", "/login", "/metrics-dashboard", "/metricsx", "/groups/metrics"]) expect(runsFor(url), url).toBe(true);
  });

  it("does not run for /api, /metrics (scrapers send a bearer token, never a cookie) or static files", () => {
    for (const url of ["/api/health", "/api/clusters/x/groups", "/metrics", "/metrics?x=1", "/_next/static/chunks/a.js", "/favicon.ico"]) expect(runsFor(url), url).toBe(false);
  });
});
