import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE } from "../../playwright.config";

/** Signs in through the login page as the first administrator and saves the session for the other specs. */
setup("sign in as the first administrator", async ({ page }) => {
  await page.goto("/groups");
  await expect(page).toHaveURL(/\/login\?next=%2Fgroups/);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("admin-password-for-e2e");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await page.context().storageState({ path: ADMIN_STATE });
});
