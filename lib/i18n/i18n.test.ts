import { describe, expect, it } from "vitest";
import { en } from "./en";
import { createTranslator, diagnosisKindText, parseLocale, type MessageKey } from "./index";
import { zhCN } from "./zh-CN";

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("zh-CN has the same keys as en, none empty, with the same placeholders", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(zhCN[key].trim(), key).not.toBe("");
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe("translator", () => {
  it("fills placeholders and keeps the English texts the tests select by", () => {
    const t = createTranslator("en");
    expect(t("age.seconds", { n: 12 })).toBe("as of 12 s ago");
    expect(t("groups.searchLabel")).toBe("Search groups");
    expect(t("pager.page", { page: 2, pages: 5 })).toBe("Page 2 of 5");
    expect(diagnosisKindText(t, "pinned-by-slow-message")).toBe("pinned by slow message");
    expect(diagnosisKindText(t, "some-new-kind")).toBe("some new kind");
  });

  it("keeps the sign-in and account texts the auth spec selects by", () => {
    const t = createTranslator("en");
    expect([t("login.username"), t("login.password"), t("login.submit"), t("user.signOut")]).toEqual(["Username", "Password", "Sign in", "Sign out"]);
    expect(t("users.adminOnly")).toBe("Only administrators can manage users");
    expect(t("tokens.once")).toContain("It will not be shown again");
    expect(t("authOff.body", { variable: "TIDEMARK_AUTH=off" })).toBe(
      "Authentication is off (TIDEMARK_AUTH=off): anyone who can reach this console is an administrator.",
    );
  });

  it("speaks Simplified Chinese", () => {
    const t = createTranslator("zh-CN");
    expect(t("age.seconds", { n: 12 })).toBe("12 秒前的数据");
    expect(t("nav.groups")).toBe("消费组");
  });

  it("falls back to English for an unknown cookie value", () => {
    expect(parseLocale("fr")).toBe("en");
    expect(parseLocale(undefined)).toBe("en");
    expect(parseLocale("zh-CN")).toBe("zh-CN");
  });
});
