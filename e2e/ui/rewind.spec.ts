import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";

// Rewinds (issue 8) against the embedded sandbox's demo scenario (lib/sandbox/scenarios.ts):
// billing-service keeps up with payment-results (2 push clients, 8 queues over broker-a and broker-b);
// analytics-etl went offline after 30 s, so its offsets stand still. The sandbox brokers claim 5.3.3 and
// reset server-side. An operator is created by the admin (the specs' stored session) and signs in here;
// the tests build on each other (the rewind applied in the first is undone in the second).
test.describe.configure({ mode: "serial" });
// The form shows the browser's zone explicitly: pin it.
test.use({ timezoneId: "Europe/Berlin" });

const OPERATOR = { username: "rewinder", password: "rewinder-password-e2e" };
const GROUP = "billing-service";
const OFFLINE_GROUP = "analytics-etl";
const QUEUES = 8;

const screen = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/rewind-${name}.png`, fullPage: true });
let rewindId = 0;

test.beforeAll(async ({ request, baseURL }) => {
  // As admin (the stored session): create the operator once.
  const res = await request.post("/api/users", { headers: { Origin: baseURL! }, data: { ...OPERATOR, role: "operator" } });
  expect([200, 201, 409]).toContain(res.status());
});

/** Swaps the page's admin session for the operator's (the cookie the login route sets lands in the page's context). */
async function signInAsOperator(page: Page, baseURL: string) {
  await page.context().clearCookies();
  const res = await page.request.post("/api/auth/login", { headers: { Origin: baseURL }, data: OPERATOR });
  expect(res.status()).toBe(200);
}

async function openRewindTab(page: Page, group: string) {
  await page.goto(`/groups/sandbox/${group}`);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(group) })).toBeVisible();
  await page.getByRole("tab", { name: "Rewind" }).click();
  const form = page.getByTestId("rewind-form");
  await expect(form).toBeVisible();
  return form;
}

const number = /^\d[\d,]*$/;

async function expectVerified(page: Page, outcomes: RegExp) {
  const view = page.getByTestId("rewind-view");
  await expect(view).toHaveAttribute("data-state", "done", { timeout: 60_000 });
  const rows = page.getByTestId("rewind-queues").locator("tbody tr[data-testid^='rewind-queue-']");
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(rows.nth(i).getByTestId("queue-outcome")).toHaveText(outcomes);
  return rows;
}

async function applyWithReason(box: Locator, group: string, reason: string) {
  const apply = box.getByRole("button", { name: "Apply rewind" });
  await expect(apply).toBeDisabled();
  await box.getByLabel("Reason (recorded in the audit log)").fill(reason);
  const name = box.getByLabel(`Type the group name ${group} to confirm`);
  // Not enabled until the name matches exactly.
  await name.fill(group.slice(0, -1));
  await expect(apply).toBeDisabled();
  await expect(box.getByText("This is not the group's name.")).toBeVisible();
  await name.fill(group.toUpperCase());
  await expect(apply).toBeDisabled();
  await name.fill(group);
  await expect(apply).toBeEnabled();
  await apply.click();
}

test("an operator previews a rewind to 10 minutes ago, applies it with a reason and the typed name, and sees every queue verified", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  await signInAsOperator(page, baseURL!);
  const form = await openRewindTab(page, GROUP);
  await expect(page.getByTestId("rewind-needs-operator")).toHaveCount(0);

  // The absolute time names the browser's zone and shows what is sent.
  await form.getByLabel("At a date and time").check();
  await expect(form.getByTestId("rewind-zone")).toContainText(/In your browser's time zone: Europe\/Berlin \(UTC\+0[12]:00\)\. Sent as \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00\./);
  await form.getByLabel("Some time ago").check();
  await form.getByRole("button", { name: "10 min ago" }).click();
  await expect(form.getByRole("button", { name: "10 min ago" })).toHaveAttribute("aria-pressed", "true");
  // All business topics in scope by default.
  await expect(form.getByRole("checkbox", { name: "payment-results" })).toBeChecked();
  await screen(page, "form");
  await form.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByTestId("rewind-preview");
  await expect(preview.getByTestId("rewind-mode-text")).toContainText("10 min before the preview");
  rewindId = Number(await preview.getByTestId("rewind-view").getAttribute("data-rewind-id"));
  expect(rewindId).toBeGreaterThan(0);
  await expect(preview.getByTestId("rewind-valid-until")).toHaveText(/^valid until \d\d:\d\d:\d\d$/);
  const rows = preview.getByTestId("rewind-queues").locator("tbody tr[data-testid^='rewind-queue-payment-results-']");
  await expect(rows).toHaveCount(QUEUES);
  for (let i = 0; i < QUEUES; i++) {
    await expect(rows.nth(i).getByTestId("queue-target")).toHaveText(number);
    await expect(rows.nth(i).getByTestId("queue-committed")).toHaveText(number);
  }
  await expect(preview.getByTestId("rewind-topic-payment-results").getByTestId("topic-reconsume")).toHaveText(number);
  await expect(preview.getByTestId("total-reconsume")).toHaveText(number);
  await expect(preview.getByTestId("total-reconsume")).not.toHaveText("0");
  await expect(preview.getByTestId("total-skip")).toHaveText("0");
  await expect(preview.getByTestId("rewind-total")).toContainText(`All topics: ${QUEUES} queues`);
  // One explanation per broker; the clients are online, so the server-side reset says they pick it up
  // (said once, with the broker, not again as a warning).
  for (const broker of ["broker-a", "broker-b"]) await expect(preview.getByTestId(`rewind-broker-${broker}`)).toContainText(/resets server-side: the offsets are written at once; the \d+ online client\(s\) drop their cached messages/);
  await expect(preview.getByTestId("rewind-warning-server-side-online")).toHaveCount(0);
  await screen(page, "preview");

  await applyWithReason(preview.getByTestId("rewind-apply"), GROUP, "e2e: replay the last 10 minutes of payment results");
  await expect(page).toHaveURL(new RegExp(`/rewinds/${rewindId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Rewind #${rewindId}`);
  await expect(page.getByTestId("rewind-applied-by")).toContainText("by rewinder");
  await expect(page.getByTestId("rewind-reason")).toHaveText("e2e: replay the last 10 minutes of payment results");
  await screen(page, "progress");
  const verified = await expectVerified(page, /^applied$/);
  await expect(verified).toHaveCount(QUEUES);
  await expect(verified.first().getByTestId("queue-after")).toHaveText(number);
  await expect(page.getByTestId("rewind-progress")).toContainText(`${QUEUES} of ${QUEUES} queues settled`);
  for (const broker of ["broker-a", "broker-b"]) await expect(page.getByTestId(`rewind-broker-${broker}`).getByTestId("broker-state")).toHaveText("sent");
  await expect(page.getByTestId("rewind-outcome").first()).toHaveText("applied");
  await screen(page, "verified");
});

test("the rewind is listed on the Audit page; Undo previews the way back, which is applied and verified", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  expect(rewindId, "the first test applied a rewind").toBeGreaterThan(0);
  await signInAsOperator(page, baseURL!);
  await page.goto("/audit");
  await page.getByRole("navigation", { name: "Audit views" }).getByRole("link", { name: "Rewinds" }).click();
  await expect(page).toHaveURL(/\/audit\?view=rewinds$/);
  const list = page.getByTestId("rewind-list");
  await list.getByRole("searchbox", { name: "Group", exact: true }).fill(GROUP);
  await expect(page).toHaveURL(new RegExp(`group=${GROUP}`));
  await list.getByRole("combobox", { name: "Outcome", exact: true }).selectOption("applied");
  await expect(page).toHaveURL(/outcome=applied/);
  const row = page.getByTestId(`rewind-row-${rewindId}`);
  await expect(row).toContainText("rewinder");
  await expect(row).toContainText(GROUP);
  await expect(row).toContainText("payment-results");
  await expect(row).toContainText("10 min before the preview");
  await expect(row.getByTestId("rewind-outcome")).toHaveText("applied");
  await screen(page, "audit-list");
  // Another actor's filter hides it.
  await list.getByRole("searchbox", { name: "Who", exact: true }).fill("nobody-else");
  await expect(page.getByText("No rewind matches these filters.")).toBeVisible();
  await list.getByRole("searchbox", { name: "Who", exact: true }).fill("rewinder");
  await row.getByRole("link", { name: `Open rewind #${rewindId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/rewinds/${rewindId}$`));

  await page.getByTestId("rewind-undo").getByRole("button", { name: "Undo this rewind" }).click();
  await expect(page).not.toHaveURL(new RegExp(`/rewinds/${rewindId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`(undo of #${rewindId})`);
  const undoId = Number(await page.getByTestId("rewind-view").getAttribute("data-rewind-id"));
  expect(undoId).toBeGreaterThan(rewindId);
  await expect(page.getByTestId("rewind-view")).toHaveAttribute("data-state", "previewed");
  await expect(page.getByTestId("rewind-mode-text")).toContainText(`undo of rewind #${rewindId}`);
  await expect(page.getByTestId("rewind-queues").locator("tbody tr[data-testid^='rewind-queue-']")).toHaveCount(QUEUES);
  await screen(page, "undo-preview");
  await applyWithReason(page.getByTestId("rewind-apply"), GROUP, "e2e: undo the replay");
  // Queues the consumers had already brought back to their old offset need nothing.
  await expectVerified(page, /^(applied|unchanged)$/);
  await expect(page.getByTestId("rewind-undo-of")).toHaveText(`undo of #${rewindId}`);
  await screen(page, "undo-verified");

  await page.getByTestId("rewind-undo-of").click();
  await expect(page).toHaveURL(new RegExp(`/rewinds/${rewindId}$`));
  await expect(page.getByTestId("rewind-undone-by")).toContainText(`undone by #${undoId}`);
});

test("bad input: an exact offset out of range shows the server's 400 message; a zero shift cannot be sent", async ({ page, baseURL }) => {
  await signInAsOperator(page, baseURL!);
  const form = await openRewindTab(page, GROUP);
  await form.getByLabel("An exact offset per queue").check();
  const offsets = form.getByTestId("rewind-offsets");
  await expect(offsets).toBeVisible();
  await offsets.getByLabel("New offset of broker-a/0 (payment-results)").fill("999999999999");
  await form.getByRole("button", { name: "Preview" }).click();
  const error = page.getByTestId("rewind-preview-error");
  await expect(error).toContainText("Could not preview:");
  await expect(error).toContainText("broker-a/0 (payment-results) is outside the retained range");
  await expect(page.getByTestId("rewind-preview")).toHaveCount(0);
  await screen(page, "bad-offset");

  await form.getByLabel("Shift by a number of messages").check();
  await form.getByLabel("Shift by (messages)").fill("0");
  await expect(form.getByRole("button", { name: "Preview" })).toBeDisabled();
  await expect(form.getByText("Give a non-zero whole number, e.g. -100 or 250.")).toBeVisible();
});

test("a blocked preview (a broadcasting group) shows the danger warning and refuses Apply with the reason", async ({ page, baseURL }) => {
  await signInAsOperator(page, baseURL!);
  const form = await openRewindTab(page, "cache-invalidator");
  await form.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("rewind-preview");
  const warning = preview.getByTestId("rewind-warning-broadcasting");
  await expect(warning).toHaveAttribute("data-severity", "danger");
  await expect(warning).toContainText("blocks apply");
  const box = preview.getByTestId("rewind-apply");
  await expect(box.getByTestId("rewind-apply-refusal")).toContainText("This preview cannot be applied: BROADCASTING group");
  await expect(box.getByLabel("Reason (recorded in the audit log)")).toBeDisabled();
  const apply = box.getByRole("button", { name: "Apply rewind" });
  await expect(apply).toBeDisabled();
  await expect(apply).toHaveAccessibleDescription(/^This preview cannot be applied: BROADCASTING group/);
  await screen(page, "blocked");
});

/** POST as the page's user (same-origin), the way the console's own pages do. */
function post(request: APIRequestContext, baseURL: string, path: string, data: unknown) {
  return request.post(path, { headers: { Origin: baseURL }, data });
}

test("offsets that moved since the preview: apply answers 409, the page lists the drifted queues and 'Apply anyway' applies", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signInAsOperator(page, baseURL!);
  // The offline group's offsets only move when someone moves them.
  const form = await openRewindTab(page, OFFLINE_GROUP);
  await form.getByLabel("Shift by a number of messages").check();
  await form.getByLabel("Shift by (messages)").fill("-50");
  await form.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("rewind-preview");
  await expect(preview.getByTestId("rewind-mode-text")).toHaveText("shift by -50");
  await expect(preview.getByTestId("rewind-warning-group-offline")).toHaveAttribute("data-severity", "info");

  // Meanwhile someone else moves the same queues back by 500 (a second preview, applied through the API).
  const other = await post(page.request, baseURL!, `/api/clusters/sandbox/groups/${OFFLINE_GROUP}/rewinds/preview`, { mode: { kind: "shift", by: "-500" }, scope: { topics: ["order-events"] } });
  expect(other.status()).toBe(200);
  const otherId = ((await other.json()) as { id: number }).id;
  const applied = await post(page.request, baseURL!, `/api/clusters/sandbox/groups/${OFFLINE_GROUP}/rewinds/${otherId}/apply`, { reason: "e2e: the concurrent change", confirmGroup: OFFLINE_GROUP });
  expect(applied.status()).toBe(200);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/rewinds/${otherId}`)).json()) as { state: string }).state, { timeout: 60_000 })
    .toBe("done");

  await applyWithReason(preview.getByTestId("rewind-apply"), OFFLINE_GROUP, "e2e: drift check");
  const drift = page.getByTestId("rewind-drift");
  await expect(drift).toContainText("moved since the preview");
  await expect(drift.locator("tbody tr").first()).toContainText("moved back by 500");
  await expect(drift.locator("tbody tr").first()).toContainText("order-events");
  await expect(page).not.toHaveURL(/\/rewinds\//);
  await screen(page, "drift");
  await drift.getByRole("button", { name: "Apply anyway" }).click();
  await expect(page).toHaveURL(/\/rewinds\/\d+$/);
  await expectVerified(page, /^(applied|unchanged)$/);
  await expect(page.getByTestId("rewind-outcome").first()).toHaveText("applied");
});
