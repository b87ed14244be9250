import { expect, test, type Page } from "@playwright/test";

// Issue 5: the sidebar's auto-refresh control (paused, 5 s … 60 s, remembered) drives the polling hooks, and the
// group pages are prefetched on the server. Against the embedded sandbox's demo scenario (lib/sandbox/scenarios.ts).

/** Counts the group list's reads (GET /api/clusters/:cluster/groups, not a group's own routes) from now on. */
function countListRequests(page: Page) {
  let n = 0;
  page.on("request", (r) => {
    if (r.method() === "GET" && /^\/api\/clusters\/[^/]+\/groups$/.test(new URL(r.url()).pathname)) n++;
  });
  return { get: () => n, reset: () => (n = 0) };
}

test("pausing stops the group list's polling, 5 s brings it back, Refresh now still works, and the choice survives a reload", async ({ page }) => {
  test.setTimeout(120_000);
  const requests = countListRequests(page);
  await page.goto("/groups");
  await expect(page.getByTestId("group-table").getByTestId("group-row-search-indexer")).toBeVisible();
  const control = page.getByTestId("refresh-control");
  const select = control.getByRole("combobox", { name: "Auto-refresh" });
  await expect(select).toHaveValue("10");
  // the default 10 s polls: at least one read within 15 s
  requests.reset();
  await expect.poll(requests.get, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

  await select.selectOption({ label: "Paused" });
  await expect(select).toHaveValue("off");
  await expect(control.getByTestId("refresh-age")).toContainText("paused");
  await page.screenshot({ path: "test-results/screens/refresh-paused.png" });
  // a read that was already under way may still finish; count from a quiet moment
  await page.waitForTimeout(500);
  requests.reset();
  await page.waitForTimeout(12_000);
  expect(requests.get(), "group-list reads while paused").toBe(0);

  // Refresh now reads once, paused or not
  const refreshed = page.waitForRequest((r) => /^\/api\/clusters\/[^/]+\/groups$/.test(new URL(r.url()).pathname));
  await control.getByRole("button", { name: "Refresh now" }).click();
  await refreshed;
  await page.waitForTimeout(500);
  requests.reset();
  await page.waitForTimeout(6_000);
  expect(requests.get(), "no polling after Refresh now while paused").toBe(0);

  await select.selectOption({ label: "5 s" });
  await expect(select).toHaveValue("5");
  requests.reset();
  await page.waitForTimeout(12_000);
  expect(requests.get(), "group-list reads at 5 s over 12 s").toBeGreaterThanOrEqual(2);

  await page.reload();
  await expect(page.getByTestId("refresh-control").getByRole("combobox", { name: "Auto-refresh" })).toHaveValue("5");
  await expect(page.getByTestId("group-table").getByTestId("group-row-search-indexer")).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === "tidemark-refresh")?.value).toBe("5");
});

test("the group list and a group's page come with their data in the server-rendered HTML", async ({ page }) => {
  // page.request carries the signed-in context's session cookie; nothing runs JavaScript here.
  const list = await page.request.get("/groups");
  expect(list.status()).toBe(200);
  const listHtml = await list.text();
  expect(listHtml).toContain('data-testid="group-table"');
  expect(listHtml).toContain('data-testid="group-row-search-indexer"');
  expect(listHtml).toContain('data-testid="group-row-notification-sender"');

  const detail = await page.request.get("/groups/sandbox/search-indexer");
  expect(detail.status()).toBe(200);
  const detailHtml = await detail.text();
  expect(detailHtml).toContain('data-testid="queue-table"');
  expect(detailHtml).toContain('data-testid="queue-order-events-broker-a-0"');

  // The hydrated pages then show the same rows, and server and client rendered the same markup.
  const hydrationErrors: string[] = [];
  const note = (text: string) => /hydrat|error #(418|423|425)\b/i.test(text) && hydrationErrors.push(text);
  page.on("console", (m) => m.type() === "error" && note(m.text()));
  page.on("pageerror", (e) => note(e.message));
  await page.goto("/groups");
  await expect(page.getByTestId("group-table").getByTestId("group-row-search-indexer")).toBeVisible();
  await page.goto("/groups/sandbox/search-indexer");
  await expect(page.getByTestId("queue-table").getByTestId("queue-order-events-broker-a-0")).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(hydrationErrors).toEqual([]);
});
