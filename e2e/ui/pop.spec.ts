import { expect, test } from "@playwright/test";

// The sandbox demo's refund-worker is a gRPC SimpleConsumer connected through the sandbox's 5.x proxy
// (lib/sandbox/proxy.ts): the brokers answer "not online" for it, the proxy lists its two clients.
// About 3% of its messages are never acked and come back after 15 s from %RETRY%refund-worker_payment-results.

test("a gRPC Simple (POP) group is online with its kind, inflight is unknown with the reason, and its retries are counted", async ({ page }) => {
  await page.goto("/groups");
  const row = page.getByTestId("group-table").getByTestId("group-row-refund-worker");
  await expect(row).toContainText("gRPC Simple (POP, via proxy)");
  // never "offline": the proxy's clients count
  await expect(row.getByTestId("clients")).toHaveText("2");

  await row.getByRole("link", { name: "refund-worker" }).click();
  await expect(page.getByRole("heading", { name: /refund-worker/ })).toBeVisible();
  await expect(page.getByTestId("consumer-kind")).toHaveText("gRPC Simple (POP, via proxy)");
  await expect(page.getByTestId("consumer-kind-note")).toContainText("the broker commits at delivery");
  await expect(page.getByTestId("group-unacked")).toContainText("unknown");
  // inflight per queue: unknown with the POP reason, never the 0 the broker reports
  const queueRow = page.getByTestId("queue-table").getByTestId("queue-payment-results-broker-a-0");
  const inflight = queueRow.locator("td[title^='POP consumer']");
  await expect(inflight).toHaveCount(1);
  await expect(inflight).toHaveText("—");
  // no queue assignment for gRPC consumers: no owner to name
  await expect(queueRow).toContainText("any client (POP)");
  // retries: the unacked ones come back through the POP retry topic (15 s invisible time)
  await expect
    .poll(
      async () => {
        await page.reload();
        return Number((await page.getByTestId("group-retries").innerText()).replace(/[^\d]/g, "") || "0");
      },
      { timeout: 90_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);
  await expect(page.getByTestId("group-retries")).toHaveAttribute("title", /%RETRY%refund-worker_payment-results/);
  await page.screenshot({ path: "test-results/screens/pop-group.png", fullPage: true });

  await page.getByRole("tab", { name: "Clients" }).click();
  const clients = page.getByTestId("client-table");
  await expect(clients.locator("tbody tr")).toHaveCount(2);
  await expect(clients.getByTestId("client-brokers").first()).toContainText(/gRPC via proxy 127\.0\.0\.1:\d+/);
  await page.screenshot({ path: "test-results/screens/pop-clients.png", fullPage: true });

  await page.getByRole("tab", { name: "ProcessQueue" }).click();
  await expect(page.getByTestId("pq-grpc")).toHaveCount(2);
  await expect(page.getByTestId("pq-grpc").first()).toContainText("has no ProcessQueue");
  await expect(page.getByTestId("pq-exposure")).toContainText("POP consumer");
  await page.screenshot({ path: "test-results/screens/pop-process-queues.png", fullPage: true });
});

test("a lite pull group shows its committed offsets and says they move only when the application commits", async ({ page }) => {
  await page.goto("/groups/sandbox/report-exporter");
  await expect(page.getByTestId("consumer-kind")).toHaveText("pull (manual commit)");
  await expect(page.getByTestId("consumer-kind-note")).toContainText("offsets move only when the application commits them");
  // the committed offset column holds the offset the application committed
  const row = page.getByTestId("queue-table").getByTestId("queue-user-signups-broker-a-0");
  await expect(row.locator("td").nth(4)).toHaveText(/^\d[\d,]*$/);
  await page.screenshot({ path: "test-results/screens/litepull-group.png", fullPage: true });
});
