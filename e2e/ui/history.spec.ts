import { expect, test, type Locator, type Page } from "@playwright/test";

// Lag history against the embedded sandbox's demo scenario (lib/sandbox/scenarios.ts): search-indexer has a
// growing backlog. The test server samples every 2 s (TIDEMARK_SAMPLE_INTERVAL_MS in playwright.config.ts).
// Charts expose data-points (known points), data-unit, data-range and data-from/to/step (the server's
// answer), so the data is checked without reading pixels; a drawn line is a path.recharts-line-curve whose
// `d` has at least one segment ("M x,y L x,y").

const SEGMENT = /M[-\d.e]+,[-\d.e]+L/;
const num = async (chart: Locator, attr: string) => Number(await chart.getAttribute(attr));

async function expectDrawn(chart: Locator, minPoints = 2, timeout = 60_000) {
  await expect.poll(() => num(chart, "data-points"), { timeout, message: "known points in the chart" }).toBeGreaterThanOrEqual(minPoints);
  await expect(chart.locator("path.recharts-line-curve").first()).toHaveAttribute("d", SEGMENT, { timeout });
}

const screens = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/history-${name}.png`, fullPage: true });

test("the group page charts lag, rates and queues; range and unit switch the data; the list and the cluster overview show the trend", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/groups/sandbox/search-indexer");
  const panel = page.getByTestId("group-history");
  await expect(panel.getByRole("heading", { name: "Lag history" })).toBeVisible();
  const lag = panel.getByTestId("lag-chart");
  await expect(lag).toHaveAttribute("data-unit", "messages");
  await expect(lag).toHaveAttribute("data-range", "1h");
  await expect(panel.getByTestId("sampler-state")).toContainText(/Sampled every 2 s, last \d+ s ago/, { timeout: 30_000 });

  // The narrowest range has the most points per minute: wait there for lines.
  await panel.getByRole("button", { name: "15 min" }).click();
  await expect(panel.getByRole("button", { name: "15 min" })).toHaveAttribute("aria-pressed", "true");
  await expect(lag).toHaveAttribute("data-range", "15m");
  await expectDrawn(lag, 3);
  await expect(page.getByTestId("eta")).toContainText(/^Catch-up: /);
  await expectDrawn(panel.getByTestId("rate-chart"), 2);
  const queues = panel.getByTestId("queue-chart");
  await expectDrawn(queues, 2);
  await expect(queues.locator(".chart-legend li").first()).toContainText("order-events");
  const narrow = { from: await num(lag, "data-from"), to: await num(lag, "data-to"), step: await num(lag, "data-step") };
  expect(narrow.to - narrow.from).toBe(15 * 60_000);
  const narrowStepText = await panel.getByTestId("history-step").innerText();
  await screens(page, "group");

  // 24 h: a new request (from a day back, a coarser step) answered and drawn.
  await panel.getByRole("button", { name: "24 h" }).click();
  await expect(lag).toHaveAttribute("data-range", "24h");
  const wide = { from: await num(lag, "data-from"), to: await num(lag, "data-to"), step: await num(lag, "data-step") };
  expect(wide.to - wide.from).toBe(24 * 3_600_000);
  expect(wide.from).toBeLessThan(narrow.from - 23 * 3_600_000);
  expect(wide.step).toBeGreaterThan(narrow.step);
  await expect(panel.getByTestId("history-step")).not.toHaveText(narrowStepText);
  await expect.poll(() => num(lag, "data-points")).toBeGreaterThanOrEqual(1);
  await screens(page, "group-24h");

  // Back to 15 min, then the lag in time: same data, other unit, still a line.
  await panel.getByRole("button", { name: "15 min" }).click();
  await expect(lag).toHaveAttribute("data-range", "15m");
  await panel.getByRole("button", { name: "Seconds" }).click();
  await expect(panel.getByRole("button", { name: "Seconds" })).toHaveAttribute("aria-pressed", "true");
  await expect(lag).toHaveAttribute("data-unit", "seconds");
  await expect(lag.locator("figcaption")).toContainText("Lag in time");
  await expectDrawn(lag, 2);
  // The Y axis speaks durations ("10 min"), on round steps.
  await expect(lag.locator("svg").first()).toContainText(/\d+ (s|min|h|d)/);
  await screens(page, "group-seconds");

  // The group list: one sparkline per visible row, search-indexer's drawn. Sparklines have one point per
  // minute (60 over the hour): the second one comes with the next whole minute after the first sample.
  await page.goto("/groups");
  const row = page.getByTestId("group-table").getByTestId("group-row-search-indexer");
  const spark = row.getByTestId("sparkline");
  await expectDrawn(spark, 2, 100_000);
  await expect(spark).toHaveAttribute("aria-label", "Lag of search-indexer over the last 60 min");
  await expect(page.getByRole("columnheader", { name: "Lag, 1 h" })).toBeVisible();
  await screens(page, "list");

  // The cluster overview: total backlog over time and search-indexer among the most lagging groups.
  await page.goto("/clusters");
  const backlog = page.getByTestId("backlog-sandbox");
  await expect(backlog.getByRole("heading", { name: "Backlog" })).toBeVisible();
  await expectDrawn(backlog.getByTestId("backlog-chart"), 2);
  const top = backlog.getByTestId("top-groups");
  await expect(top.getByTestId("top-group-search-indexer")).toBeVisible();
  await expect(top.getByTestId("top-group-search-indexer").locator("td").nth(1)).toHaveText(/^[1-9][\d,]*$/);
  await backlog.getByRole("button", { name: "15 min" }).click();
  await expect(backlog.getByTestId("backlog-chart")).toHaveAttribute("data-range", "15m");
  await screens(page, "clusters");
  await top.getByRole("link", { name: "search-indexer" }).click();
  await expect(page).toHaveURL(/\/groups\/sandbox\/search-indexer$/);
  await expect(page.getByRole("heading", { name: /search-indexer/ })).toBeVisible();
});

test("a failing history request stays inside the history panel", async ({ page }) => {
  await page.route("**/api/clusters/sandbox/groups/billing-service/history?**", (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "history store unavailable" } }) }),
  );
  await page.goto("/groups/sandbox/billing-service");
  await expect(page.getByTestId("history-error")).toContainText("Could not load the history: history store unavailable", { timeout: 30_000 });
  // The rest of the page is intact.
  await expect(page.getByTestId("group-facts")).toBeVisible();
  await expect(page.getByTestId("queue-table")).toBeVisible();
  await screens(page, "error");
});

test("a group without samples says so instead of drawing an empty chart", async ({ page }) => {
  const now = Date.now();
  const sampler = { running: true, intervalMs: 30_000, lastCycleAt: null, lastCycleMs: null, cycles: 0, skippedCycles: 0, lastError: null };
  await page.route("**/api/clusters/sandbox/groups/billing-service/history?**", (route) => {
    const url = new URL(route.request().url());
    const from = Number(url.searchParams.get("from") ?? now - 3_600_000);
    const to = Number(url.searchParams.get("to") ?? now);
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({
        cluster: "sandbox",
        group: "billing-service",
        from,
        to,
        step: 30_000,
        maxGapMs: 75_000,
        resolution: "raw",
        points: [],
        queues: [],
        eta: { state: "unknown", etaMs: null, atLeastMs: null, partial: false, reason: "no samples yet.", worstQueue: null, windowMs: 300_000 },
        markers: [],
        sampler,
      }),
    });
  });
  await page.goto("/groups/sandbox/billing-service");
  const lag = page.getByTestId("lag-chart");
  await expect(lag).toHaveAttribute("data-points", "0");
  await expect(lag).toContainText("No samples yet: the sampler reads every group every 30 s; the first points appear after two cycles.");
  await expect(lag.locator("svg")).toHaveCount(0);
  await expect(page.getByTestId("sampler-state")).toContainText("Sampled every 30 s; no cycle has finished yet");
  await screens(page, "empty");
});

test("missed samples break the line (a gap, never 0) and a rewind is a marker", async ({ page }) => {
  // A 15-minute history served in place of the real one: 30 samples 30 s apart, sample 6 unknown, samples
  // 12-16 missed (the sampler was down), a rewind at sample 22, sample 27 partial (a broker did not answer:
  // its lag is a lower bound, drawn apart from the line).
  await page.route("**/api/clusters/sandbox/groups/billing-service/history?**", (route) => {
    const url = new URL(route.request().url());
    const to = Number(url.searchParams.get("to"));
    const from = Number(url.searchParams.get("from"));
    const t = (i: number) => to - (29 - i) * 30_000;
    const lagOf = (i: number) => 1_000 + i * 50 + (i >= 22 ? 800 : 0);
    const kept = Array.from({ length: 30 }, (_, i) => i).filter((i) => i < 12 || i > 16);
    const points = kept.map((i) => ({
      t: t(i),
      lag: i === 6 ? null : String(lagOf(i)),
      lagMax: i === 6 ? null : String(lagOf(i)),
      retryLag: "0",
      lagTimeMs: i === 6 ? null : lagOf(i) * 20,
      lagTimeExact: true,
      onlineClients: 2,
      consumeRate: i === 0 || i === 22 ? null : 30,
      produceRate: i === 0 ? null : 40,
      rewind: i === 22,
      partial: i === 27,
    }));
    const queue = (key: string, label: string, others: boolean, share: number) => ({
      key,
      label,
      others,
      count: others ? 6 : 1,
      points: kept.map((i) => ({ t: t(i), lag: i === 6 ? null : String(Math.round(lagOf(i) * share)) })),
    });
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({
        cluster: "sandbox",
        group: "billing-service",
        from,
        to,
        step: 30_000,
        maxGapMs: 75_000,
        resolution: "raw",
        points,
        queues: [queue("payment-results|broker-a|0", "broker-a/0 (payment-results)", false, 0.5), queue("payment-results|broker-b|1", "broker-b/1 (payment-results)", false, 0.3), queue("others", "others", true, 0.2)],
        eta: { state: "will-not-drain", etaMs: null, atLeastMs: null, partial: false, reason: "lag 3,250, consuming 30 messages/s while producing 40 messages/s: the backlog is not shrinking.", worstQueue: "broker-a/0 (payment-results)", windowMs: 300_000 },
        markers: [{ t: t(22), kind: "rewind", text: "committed offset moved back by 800" }],
        sampler: { running: true, intervalMs: 30_000, lastCycleAt: Date.now() - 12_000, lastCycleMs: 40, cycles: 30, skippedCycles: 0, lastError: null },
      }),
    });
  });
  await page.goto("/groups/sandbox/billing-service");
  const panel = page.getByTestId("group-history");
  await panel.getByRole("button", { name: "15 min" }).click();
  const lag = panel.getByTestId("lag-chart");
  await expect(lag).toHaveAttribute("data-range", "15m");
  await expect(lag).toHaveAttribute("data-points", "24");
  // Four separate segments: before the unknown sample, between it and the outage, after the outage up to the
  // partial sample, after it. The partial sample is a lone dot on the dashed lower-bound series.
  const d = (await lag.locator("path.recharts-line-curve").first().getAttribute("d")) ?? "";
  expect(d.match(/M/g)?.length).toBe(4);
  await expect(lag.locator(".chart-legend")).toContainText("at least (some queues not read)");
  await expect(lag.locator("circle[r='3']")).toHaveCount(1);
  await expect(lag.locator(".recharts-reference-line")).toHaveCount(1);
  await expect(panel.getByTestId("history-markers")).toContainText("rewind: committed offset moved back by 800");
  await expect(page.getByTestId("eta")).toHaveAttribute("data-state", "will-not-drain");
  await expect(page.getByTestId("eta")).toContainText("Catch-up: will not drain");
  await expect(page.getByTestId("sampler-state")).toContainText(/Sampled every 30 s, last 1\d s ago/);
  // The consume line breaks at the rewind (no negative rate): produce is one segment, consume two or more.
  const rates = panel.getByTestId("rate-chart").locator("path.recharts-line-curve");
  await expect(rates).toHaveCount(2);
  expect(((await rates.nth(1).getAttribute("d")) ?? "").match(/M/g)?.length).toBeGreaterThanOrEqual(3);
  // Per queue: two queues and the others, each broken at the same places.
  const queueLines = panel.getByTestId("queue-chart").locator("path.recharts-line-curve");
  await expect(queueLines).toHaveCount(3);
  // The tooltip reads the exact figures.
  const box = (await lag.locator("svg").first().boundingBox())!;
  await page.mouse.move(box.x + box.width - 16, box.y + box.height / 2);
  await expect(lag.locator(".chart-tooltip")).toContainText("Lag 3,250");
  await screens(page, "gaps");
  await panel.getByRole("button", { name: "Seconds" }).click();
  await expect(lag).toHaveAttribute("data-unit", "seconds");
  await expect(lag).toHaveAttribute("data-points", "24");
  expect(((await lag.locator("path.recharts-line-curve").first().getAttribute("d")) ?? "").match(/M/g)?.length).toBe(4);

  // The same panel in Simplified Chinese and the dark theme.
  const origin = new URL(page.url()).origin;
  await page.context().addCookies([
    { name: "tidemark-locale", value: "zh-CN", url: origin },
    { name: "tidemark-theme", value: "dark", url: origin },
  ]);
  await page.reload();
  await expect(panel.getByRole("heading", { name: "堆积趋势" })).toBeVisible();
  await expect(page.getByTestId("eta")).toContainText("追平预估：无法消化");
  await expect(lag).toHaveAttribute("data-points", "24");
  await screens(page, "gaps-zh-dark");
});
