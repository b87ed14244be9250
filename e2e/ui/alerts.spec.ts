import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

// Alerts (issue 9) against the embedded sandbox's demo scenario (lib/sandbox/scenarios.ts): analytics-etl
// consumed for 30 s and went offline with a growing backlog, so its status becomes STOP. The admin (the
// specs' stored session) adds a rule that fires on that at once (forSeconds 0; the defaults wait minutes),
// an operator and a viewer; the sampler runs every 2 s (playwright.config.ts). The tests build on each other.
test.describe.configure({ mode: "serial" });

const OPERATOR = { username: "triager", password: "triager-password-e2e" };
const VIEWER = { username: "watcher", password: "watcher-password-e2e" };
const GROUP = "analytics-etl";
const RULE = "e2e: analytics-etl stopped";

const screen = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/alerts-${name}.png`, fullPage: true });

interface AlertRow {
  id: number;
  ruleName: string;
  group: string;
  phase: string;
  ack: { by: string; comment: string } | null;
}

let alertId = 0;

test.beforeAll(async ({ request, baseURL }) => {
  const headers = { Origin: baseURL! };
  for (const [user, role] of [
    [OPERATOR, "operator"],
    [VIEWER, "viewer"],
  ] as const) {
    const res = await request.post("/api/users", { headers, data: { ...user, role } });
    expect([200, 201, 409]).toContain(res.status());
  }
  const rules = (await (await request.get("/api/alert-rules")).json()) as { rules: Array<{ name: string }> };
  if (!rules.rules.some((r) => r.name === RULE)) {
    const res = await request.post("/api/alert-rules", {
      headers,
      data: { name: RULE, enabled: true, clusterPattern: "*", groupPattern: GROUP, topicPattern: "*", condition: { kind: "status", statuses: ["STOP"] }, forSeconds: 0, severity: "critical" },
    });
    expect([200, 201], await res.text()).toContain(res.status());
  }
});

/** Swaps the page's admin session for another user's (the login route's cookie lands in the page's context). */
async function signInAs(page: Page, user: { username: string; password: string }, baseURL: string) {
  await page.context().clearCookies();
  const res = await page.request.post("/api/auth/login", { headers: { Origin: baseURL }, data: user });
  expect(res.status()).toBe(200);
}

/** Polls the API (as the admin) until our rule's alert on analytics-etl fires. */
async function firingAlert(request: APIRequestContext): Promise<AlertRow> {
  let found: AlertRow | undefined;
  await expect
    .poll(
      async () => {
        const list = (await (await request.get(`/api/alerts?phase=firing&group=${GROUP}`)).json()) as { alerts: AlertRow[] };
        found = list.alerts.find((a) => a.ruleName === RULE);
        return found?.phase;
      },
      { timeout: 150_000, intervals: [2_000] },
    )
    .toBe("firing");
  return found!;
}

test("an operator sees the firing alert, triages it on the group page (chart marker, status, diagnosis), acknowledges and silences it, and previews a rewind to when it started", async ({ page, request, baseURL }) => {
  test.setTimeout(240_000);
  const alert = await firingAlert(request);
  alertId = alert.id;
  await signInAs(page, OPERATOR, baseURL!);

  await page.goto("/alerts");
  const row = page.getByTestId(`alert-row-${alertId}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-phase", "firing");
  await expect(row.getByTestId("alert-severity")).toHaveText("critical");
  await expect(row).toContainText(RULE);
  await expect(row).toContainText("status in {STOP}");
  await expect(row.getByTestId("alert-evidence")).toContainText("STOP");
  // Firing alerts come first; the counts and the navigation badge say how many fire.
  await expect(page.locator("tr[data-alert-id]").first()).toHaveAttribute("data-phase", "firing");
  const counts = page.getByTestId("alert-counts");
  await expect(counts).toContainText(/\d+ firing/);
  expect(Number(await counts.getAttribute("data-firing"))).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("nav-firing")).toHaveText(/^[1-9]\d*$/);
  await screen(page, "list");

  // Triage: the group page opened at the alert.
  await row.getByTestId("alert-triage-link").click();
  await expect(page).toHaveURL(new RegExp(`/groups/sandbox/${GROUP}\\?alert=${alertId}$`));
  const triage = page.getByTestId("triage");
  await expect(triage).toHaveAttribute("data-phase", "firing");
  await expect(triage.getByRole("heading", { level: 2 })).toContainText(`Alert #${alertId} · ${RULE}`);
  await expect(triage.getByTestId("triage-evidence")).toContainText("STOP");
  await expect(triage.getByTestId("triage-status")).toContainText("STOP");
  await expect(triage.getByTestId("triage-snapshot")).toContainText(/clients online 0/);
  // The chart opens at the alert's window with the alert shaded and a line where it fired.
  await expect(page.getByTestId("range-picker").getByRole("button", { name: `Alert #${alertId}` })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("alert-marker")).toContainText(new RegExp(`Alert #${alertId}: pending from .+, firing from .+, still open`));
  const lagChart = page.getByTestId("lag-chart");
  await expect(lagChart).not.toHaveAttribute("data-points", "0");
  await expect(lagChart.locator(".recharts-reference-area")).toHaveCount(1);
  await expect(lagChart.getByText(`Alert #${alertId}`)).toBeVisible();
  // The ProcessQueue diagnosis is in the panel (the group has no client: nothing to read) and its tab one click away.
  await expect(triage.getByRole("heading", { name: "ProcessQueue diagnosis" })).toBeVisible();
  await expect(triage.getByTestId("triage-no-clients")).toHaveText("No client is online: there is no ProcessQueue to show.");
  await screen(page, "triage");

  // Acknowledge with a comment.
  const ack = triage.getByTestId("triage-ack");
  await expect(ack.getByRole("button", { name: "Acknowledge" })).toBeDisabled();
  await ack.getByLabel("Comment (who is on it, what was found)").fill("e2e: nightly ETL job is down, restarting it");
  await ack.getByRole("button", { name: "Acknowledge" }).click();
  await expect(triage.getByTestId("alert-ack")).toContainText("acknowledged by triager");
  await expect(triage.getByTestId("alert-ack")).toContainText("e2e: nightly ETL job is down, restarting it");

  // Silence for 1 h, then lift it.
  const silence = triage.getByTestId("triage-silence");
  await silence.getByLabel("Comment (optional)").fill("e2e: while the job restarts");
  await silence.getByRole("button", { name: "1 h", exact: true }).click();
  await expect(triage.getByTestId("alert-silence")).toContainText(/silenced until .+ by triager/);
  await silence.getByTestId("triage-unsilence").click();
  await expect(triage.getByTestId("alert-silence")).toHaveCount(0);

  // Shortcut: the Rewind tab opens with a preview back to when the condition started; nothing is applied.
  await triage.getByTestId("triage-preview-rewind").click();
  await expect(page.getByRole("tab", { name: "Rewind" })).toHaveAttribute("aria-selected", "true");
  const form = page.getByTestId("rewind-form");
  await expect(form.getByLabel("A point in time")).toBeChecked();
  await expect(form.getByLabel("At a date and time")).toBeChecked();
  const preview = page.getByTestId("rewind-preview");
  await expect(preview.getByTestId("rewind-view")).toHaveAttribute("data-state", "previewed");
  await expect(preview.getByTestId("rewind-apply").getByRole("button", { name: "Apply rewind" })).toBeDisabled();
  // And "skip to latest" previews that mode instead.
  await triage.getByTestId("triage-preview-skip").click();
  await expect(form.getByLabel("The latest offset (skip the backlog)")).toBeChecked();
  await expect(preview.getByTestId("rewind-mode-text")).toContainText(/latest/i);
  await screen(page, "triage-rewind");

  // The ProcessQueue tab is one click away.
  await triage.getByTestId("triage-open-pq").click();
  await expect(page.getByRole("tab", { name: "ProcessQueue" })).toHaveAttribute("aria-selected", "true");

  // Back in the list, the acknowledgement shows.
  await triage.getByTestId("triage-back").click();
  await expect(page).toHaveURL(/\/alerts$/);
  const acked = page.getByTestId(`alert-row-${alertId}`).getByTestId("alert-ack");
  await expect(acked).toContainText("acknowledged by triager");
  await expect(acked).toContainText("e2e: nightly ETL job is down, restarting it");
});

/** A local HTTP receiver for webhook deliveries: records each body. */
async function startReceiver(): Promise<{ server: Server; url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = "";
      req.on("data", (c: Buffer) => (s += c.toString("utf8")));
      req.on("end", () => resolve(s));
    });
  const server = createServer((req, res) => {
    void read(req).then((text) => {
      try {
        bodies.push(JSON.parse(text));
      } catch {
        bodies.push(text);
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** A loopback port nothing listens on (taken, then released): deliveries there are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test("an admin creates a rule and a webhook channel, sends a test that reaches a local receiver, and sees a failing channel's error", async ({ page }) => {
  const receiver = await startReceiver();
  const deadEnd = `http://127.0.0.1:${await closedPort()}/hook`;
  try {
    // Rules: create through the form.
    await page.goto("/alerts?tab=rules");
    await page.getByTestId("rule-new").click();
    const ruleForm = page.getByTestId("rule-form");
    await ruleForm.getByLabel("Rule name").fill("e2e: search-indexer lag");
    await ruleForm.getByLabel("Group pattern").fill("search-*");
    await expect(ruleForm.getByText(/Glob patterns: \* matches any run of characters/)).toBeVisible();
    await ruleForm.getByLabel("Fires when").selectOption("lag-messages");
    await ruleForm.getByLabel("Messages").fill("50,000");
    await ruleForm.getByLabel("For at least", { exact: true }).fill("2");
    await ruleForm.getByLabel("Unit of For at least").selectOption("minutes");
    await ruleForm.getByLabel("Severity", { exact: true }).selectOption("warning");
    await ruleForm.getByRole("button", { name: "Create rule" }).click();
    const created = page.locator('tr[data-rule-name="e2e: search-indexer lag"]');
    await expect(created).toContainText("lag > 50,000 messages");
    await expect(created).toContainText("group search-*");
    await expect(created).toContainText("2 min");
    await expect(page.getByText("Rule e2e: search-indexer lag saved.")).toBeVisible();
    // Edit it: the form opens with its values.
    await page.getByRole("button", { name: "Edit rule e2e: search-indexer lag" }).click();
    await expect(page.getByTestId("rule-form").getByLabel("Messages")).toHaveValue("50000");
    await page.getByTestId("rule-form").getByLabel("Messages").fill("80000");
    await page.getByTestId("rule-form").getByRole("button", { name: "Save rule" }).click();
    await expect(created).toContainText("lag > 80,000 messages");
    await screen(page, "rules");

    // Channels: a webhook to the local receiver, and one to a port where nothing listens.
    await page.goto("/alerts?tab=channels");
    for (const [name, url] of [
      ["e2e receiver", receiver.url],
      ["e2e dead end", deadEnd],
    ] as const) {
      await page.getByTestId("channel-new").click();
      const form = page.getByTestId("channel-form");
      await form.getByLabel("Channel name").fill(name);
      await form.getByLabel("Kind", { exact: true }).selectOption("webhook");
      await form.getByLabel("URL", { exact: true }).fill(url);
      await form.getByLabel("Minimum severity").selectOption("critical");
      await form.getByRole("button", { name: "Create channel" }).click();
      await expect(page.locator(`tr[data-channel-name="${name}"]`)).toBeVisible();
    }

    const good = page.locator('tr[data-channel-name="e2e receiver"]');
    const goodId = (await good.getAttribute("data-testid"))!.replace("channel-row-", "");
    await page.getByRole("button", { name: "Send a test notification to e2e receiver" }).click();
    const goodResult = page.getByTestId(`channel-test-result-${goodId}`);
    await expect(goodResult).toContainText("Test delivered.");
    await expect(goodResult.getByTestId("alert-delivery")).toHaveAttribute("data-state", "delivered");
    await expect.poll(() => receiver.bodies.some((b) => (b as { event?: string }).event === "test")).toBe(true);
    const test = receiver.bodies.find((b) => (b as { event?: string }).event === "test") as { source: string; alert: { rule: string } };
    expect(test.source).toBe("tidemark");
    await expect(good.getByTestId("channel-last-delivery")).toContainText("delivered");

    const bad = page.locator('tr[data-channel-name="e2e dead end"]');
    const badId = (await bad.getAttribute("data-testid"))!.replace("channel-row-", "");
    await page.getByRole("button", { name: "Send a test notification to e2e dead end" }).click();
    const badResult = page.getByTestId(`channel-test-result-${badId}`);
    await expect(badResult.getByTestId("alert-delivery")).toHaveAttribute("data-state", /^(pending|failed)$/);
    await expect(badResult.getByTestId("delivery-error")).toContainText(/^Error: .+/);
    await expect(bad.getByTestId("channel-last-delivery").getByTestId("delivery-error")).toBeVisible();
    await screen(page, "channels");

    // Deleting asks first.
    await page.getByRole("button", { name: "Delete channel e2e dead end" }).click();
    await page.getByRole("group", { name: "Delete e2e dead end?" }).getByRole("button", { name: "Delete" }).click();
    await expect(bad).toHaveCount(0);
    await expect(page.getByText("Channel e2e dead end deleted.")).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  }
});

test("a viewer sees the alerts and the triage view but no acknowledge, silence, rule or channel controls", async ({ page, baseURL }) => {
  expect(alertId).toBeGreaterThan(0);
  await signInAs(page, VIEWER, baseURL!);
  await page.goto("/alerts");
  const row = page.getByTestId(`alert-row-${alertId}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("alert-ack")).toContainText("acknowledged by triager");

  await row.getByTestId("alert-triage-link").click();
  const triage = page.getByTestId("triage");
  await expect(triage).toHaveAttribute("data-alert-id", String(alertId));
  await expect(triage.getByTestId("triage-needs-operator")).toBeVisible();
  await expect(triage.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(triage.getByTestId("triage-silence")).toHaveCount(0);
  await expect(triage.getByTestId("triage-preview-skip")).toHaveCount(0);
  await expect(page.getByTestId("alert-marker")).toBeVisible();

  await page.goto("/alerts?tab=rules");
  await expect(page.getByTestId("rules-admin-only")).toBeVisible();
  await expect(page.locator(`tr[data-rule-name="${RULE}"]`)).toBeVisible();
  await expect(page.getByTestId("rule-new")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit rule / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete rule / })).toHaveCount(0);

  await page.goto("/alerts?tab=channels");
  await expect(page.getByTestId("channels-admin-only")).toBeVisible();
  await expect(page.getByTestId("channel-new")).toHaveCount(0);
});
