import { describe, expect, it } from "vitest";
import { checkSameOrigin, ownOrigin } from "./origin";

const req = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers: new Headers(headers) });
const URL_ = "http://127.0.0.1:3000/api/clusters/prod/groups/g/rewind";
const COOKIE = { cookie: "tidemark-session=tmk_" + "A".repeat(43) };

describe("same-origin check for mutating requests", () => {
  it.each([
    // [case, method, headers, allowed]
    ["GET is never checked", "GET", { origin: "https://evil.example", ...COOKIE }, true],
    ["HEAD is never checked", "HEAD", { "sec-fetch-site": "cross-site" }, true],
    ["Sec-Fetch-Site same-origin", "POST", { "sec-fetch-site": "same-origin", host: "127.0.0.1:3000", ...COOKIE }, true],
    ["Sec-Fetch-Site none (user typed / bookmark)", "POST", { "sec-fetch-site": "none", ...COOKIE }, true],
    ["Sec-Fetch-Site same-site (a sibling subdomain)", "POST", { "sec-fetch-site": "same-site", ...COOKIE }, false],
    ["Sec-Fetch-Site cross-site", "DELETE", { "sec-fetch-site": "cross-site", ...COOKIE }, false],
    ["cross-site with a forged-looking Origin", "POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example", ...COOKIE }, false],
    ["Origin equal to host + protocol", "POST", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000", ...COOKIE }, true],
    ["Origin equal, case and default port differences", "PUT", { origin: "HTTP://Console.Example", host: "console.example:80", ...COOKIE }, true],
    ["Origin with another port", "POST", { origin: "http://127.0.0.1:3001", host: "127.0.0.1:3000", ...COOKIE }, false],
    ["Origin with another scheme", "POST", { origin: "https://127.0.0.1:3000", host: "127.0.0.1:3000", ...COOKIE }, false],
    ["Origin of another site", "PATCH", { origin: "https://evil.example", host: "127.0.0.1:3000", ...COOKIE }, false],
    ["Origin null (sandboxed iframe, data: URL)", "POST", { origin: "null", ...COOKIE }, false],
    ["no Origin and no Sec-Fetch-Site", "POST", { ...COOKIE }, false],
    ["Bearer token without a session cookie is exempt", "POST", { authorization: "Bearer tmk_" + "B".repeat(43) }, true],
    ["Bearer token plus a session cookie is checked", "POST", { authorization: "Bearer tmk_" + "B".repeat(43), ...COOKIE }, false],
    ["Basic auth is not exempt", "POST", { authorization: "Basic Zm9vOmJhcg==" }, false],
  ] as const)("%s", (_name, method, headers, allowed) => {
    const res = checkSameOrigin(req(method, URL_, headers));
    expect(res.ok).toBe(allowed);
    if (!res.ok) expect(res.reason).toMatch(/refused/);
  });

  it("behind a TLS proxy, the protocol comes from X-Forwarded-Proto", () => {
    const headers = { origin: "https://console.example", host: "console.example", "x-forwarded-proto": "https", ...COOKIE };
    expect(ownOrigin(req("POST", "http://console.example/api/x", headers))).toBe("https://console.example");
    expect(checkSameOrigin(req("POST", "http://console.example/api/x", headers))).toEqual({ ok: true, why: "origin" });
    expect(checkSameOrigin(req("POST", "http://console.example/api/x", { ...headers, "x-forwarded-proto": "http" })).ok).toBe(false);
  });

  it("without a Host header, the request URL's host is used", () => {
    expect(ownOrigin(req("POST", "http://localhost:3000/api/x"))).toBe("http://localhost:3000");
    expect(checkSameOrigin(req("POST", "http://localhost:3000/api/x", { origin: "http://localhost:3000" })).ok).toBe(true);
  });
});
