import { expect, test } from "@playwright/test";

test("简体中文 is remembered across a reload", async ({ page }) => {
  await page.goto("/groups");
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "简体中文" }).click();
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "消费组" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.reload();
  await expect(nav.getByRole("link", { name: "消费组" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("消费组");
  await expect(page.getByRole("button", { name: "简体中文" })).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: "test-results/screens/groups-zh.png", fullPage: true });
});

test("dark theme is remembered across a reload", async ({ page }) => {
  await page.goto("/groups");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "Dark", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("button", { name: "Dark", exact: true })).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
  await page.screenshot({ path: "test-results/screens/groups-dark.png", fullPage: true });
});
