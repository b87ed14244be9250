import { expect, test } from "@playwright/test";

test("the home page shows the sandbox cluster, clearly labelled, with both brokers reachable", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByTestId("sandbox-banner")).toContainText("built-in sandbox");
  await expect(page.getByTestId("broker-broker-a-0")).toContainText("reachable");
  await expect(page.getByTestId("broker-broker-b-0")).toContainText("V5_3_3");
  await page.screenshot({ path: "test-results/screens/clusters.png", fullPage: true });
});
