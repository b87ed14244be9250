import { expect, test } from "@playwright/test";

test("home page shows the console shell and says no cluster is configured", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  await expect(page.getByTestId("no-cluster")).toContainText("No cluster is configured");
  // this server runs with TIDEMARK_AUTH=off: no sign-in, and every page says so
  await expect(page.getByTestId("auth-off-banner")).toContainText("TIDEMARK_AUTH=off");

  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Clusters", "Groups", "Alerts", "Audit"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/home.png", fullPage: true });

  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.getByRole("heading", { name: "Consumer groups" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
});
