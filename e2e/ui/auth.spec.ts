import { expect, test, type Page } from "@playwright/test";

// Sign-in, roles and API tokens (issue 7). The server starts with TIDEMARK_ADMIN_PASSWORD, so the user
// "admin" exists. The other specs run signed in as admin (a stored session); this one starts signed out and
// signs in and out itself. The tests build on each other (users created in one are used by the next).
test.use({ storageState: { cookies: [], origins: [] } });
test.describe.configure({ mode: "serial" });

const ADMIN = { username: "admin", password: process.env.TIDEMARK_ADMIN_PASSWORD ?? "admin-password-for-e2e" };
const VIEWER = { username: "viewer1", password: "viewer1-password-e2e", role: "viewer" } as const;
const OPERATOR = { username: "op1", password: "op1-password-for-e2e", role: "operator" } as const;
const TOKEN_NAME = "ci-viewer";

const screen = (page: Page, name: string) => page.screenshot({ path: `test-results/screens/auth-${name}.png`, fullPage: true });
const loginUrl = (next: string) => new RegExp(`/login\\?next=${encodeURIComponent(next).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

async function fillLogin(page: Page, user: { username: string; password: string }) {
  await page.getByLabel("Username", { exact: true }).fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the login page and waits for the page it sends us to. */
async function signIn(page: Page, user: { username: string; password: string }, next: string, lands: RegExp) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await fillLogin(page, user);
  await expect(page).toHaveURL(lands);
  await expect(page.getByTestId("user-name")).toHaveText(user.username);
}

async function signOut(page: Page) {
  await page.getByTestId("user-menu").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

test("an anonymous visit goes to the login page; a wrong password is refused; admin signs in and lands where they wanted", async ({ page }) => {
  await page.goto("/groups");
  await expect(page).toHaveURL(loginUrl("/groups"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Tidemark");
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

  // The language and theme switches work before anyone signs in.
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "简体中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录 Tidemark");
  await expect(page.getByLabel("用户名", { exact: true })).toBeVisible();
  await page.getByRole("group", { name: "外观" }).getByRole("button", { name: "深色" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await screen(page, "login-zh-dark");
  await page.getByRole("group", { name: "语言" }).getByRole("button", { name: "English" }).click();
  await page.getByRole("group", { name: "Theme" }).getByRole("button", { name: "System" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Tidemark");

  await fillLogin(page, { username: ADMIN.username, password: "not-the-admin-password" });
  await expect(page.getByTestId("login-error")).toContainText("Wrong username or password");
  await expect(page).toHaveURL(loginUrl("/groups"));
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await screen(page, "login-error");

  await fillLogin(page, ADMIN);
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Consumer groups");
  await expect(page.getByTestId("user-name")).toHaveText("admin");
  await expect(page.getByTestId("role-badge")).toHaveText("admin");
  await expect(page.getByTestId("auth-off-banner")).toHaveCount(0);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Tokens" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
});

test("admin creates a viewer and an operator on the Users page", async ({ page, baseURL }) => {
  await signIn(page, ADMIN, "/clusters", /\/clusters$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  await expect(page.getByTestId("user-row-admin")).toBeVisible();

  const form = page.getByTestId("create-user");
  // Checked in the page before the request…
  await form.getByLabel("Username", { exact: true }).fill("shorty");
  await form.getByLabel("Password", { exact: true }).fill("too-short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("The password needs at least 12 characters.")).toBeVisible();
  // …and by the server regardless (a request shaped like the page's, with the page's session: 400, not 403).
  const short = await page.request.post("/api/users", { headers: { Origin: baseURL! }, data: { username: "shorty", password: "too-short", role: "viewer" } });
  expect(short.status()).toBe(400);

  for (const user of [VIEWER, OPERATOR]) {
    await form.getByLabel("Username", { exact: true }).fill(user.username);
    await form.getByLabel("Password", { exact: true }).fill(user.password);
    await form.getByLabel("Role", { exact: true }).selectOption(user.role);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByText(`User ${user.username} created.`)).toBeVisible();
    const row = page.getByTestId(`user-row-${user.username}`);
    await expect(row.getByRole("combobox", { name: `Role of ${user.username}` })).toHaveValue(user.role);
    await expect(row.getByTestId("user-status")).toHaveText("active");
  }
  await expect(form.getByLabel("Username", { exact: true })).toHaveValue("");
  await screen(page, "users");

  // Every change is audited.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  const audit = page.getByTestId("audit-table");
  await expect(audit.getByTestId("audit-row").first()).toBeVisible();
  await expect(audit).toContainText("admin");
  await expect(audit).toContainText("viewer1");
  await screen(page, "audit");
});

test("a viewer cannot manage users; their API token reads, cannot write, and stops working once revoked", async ({ page, baseURL, playwright }) => {
  await signIn(page, VIEWER, "/groups", /\/groups$/);
  await expect(page.getByTestId("role-badge")).toHaveText("viewer");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  // The Users page: every control disabled, and the reason given.
  await page.goto("/admin/users");
  const reason = "Only administrators can manage users";
  await expect(page.getByTestId("admin-only")).toHaveText(reason);
  const form = page.getByTestId("create-user");
  for (const control of [form.getByLabel("Username", { exact: true }), form.getByLabel("Password", { exact: true }), form.getByLabel("Role", { exact: true })]) {
    await expect(control).toBeDisabled();
  }
  const create = form.getByRole("button", { name: "Create user" });
  await expect(create).toBeDisabled();
  await expect(create).toHaveAccessibleDescription(reason);
  await expect(page.getByTestId("user-table")).toHaveCount(0);
  await screen(page, "users-viewer");

  // The server refuses anyway: the page's own session, a same-origin request.
  const refused = await page.request.post("/api/users", { headers: { Origin: baseURL! }, data: { username: "sneaky", password: "sneaky-password-123", role: "admin" } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");

  // A token, shown once; the viewer is offered no role above their own.
  await nav.getByRole("link", { name: "Tokens" }).click();
  await expect(page).toHaveURL(/\/tokens$/);
  const tokenForm = page.getByTestId("create-token");
  await expect(tokenForm.getByLabel("Role", { exact: true }).locator("option")).toHaveText(["viewer"]);
  await tokenForm.getByLabel("Name", { exact: true }).fill(TOKEN_NAME);
  await tokenForm.getByRole("button", { name: "Create token" }).click();
  const box = page.getByTestId("new-token");
  await expect(box).toContainText("It will not be shown again");
  const token = await box.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId(`token-row-${TOKEN_NAME}`);
  const prefix = (await row.locator("td").first().innerText()).replace("…", "").trim();
  expect(prefix.length).toBeGreaterThan(0);
  expect(token.startsWith(prefix)).toBe(true);
  await expect(row.getByTestId("token-status")).toHaveText("active");
  await screen(page, "token-created");
  await box.getByRole("button", { name: "Done" }).click();
  await expect(box).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(token);

  // The bearer, from a client with no cookie at all.
  const api = await playwright.request.newContext({ baseURL });
  try {
    const auth = { Authorization: `Bearer ${token}` };
    const clusters = await api.get("/api/clusters", { headers: auth });
    expect(clusters.status()).toBe(200);
    expect(((await clusters.json()) as { clusters: unknown[] }).clusters.length).toBeGreaterThan(0);
    const write = await api.post("/api/users", { headers: auth, data: { username: "sneaky", password: "sneaky-password-123", role: "admin" } });
    expect(write.status()).toBe(403);

    await row.getByRole("button", { name: `Revoke ${TOKEN_NAME}` }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(page.getByText(`Token ${TOKEN_NAME} revoked.`)).toBeVisible();
    await expect(row.getByTestId("token-status")).toContainText("revoked");
    await expect(row.getByRole("button", { name: `Revoke ${TOKEN_NAME}` })).toHaveCount(0);
    // It was used above: "last used" is filled in.
    await expect(row.locator("td").nth(3)).not.toHaveText("never");
    await screen(page, "token-revoked");

    const after = await api.get("/api/clusters", { headers: auth });
    expect(after.status()).toBe(401);
  } finally {
    await api.dispose();
  }
});

test("an operator's badge says operator; signing out ends the session", async ({ page }) => {
  // A `next` that leaves the site is ignored: the console's home page instead.
  await signIn(page, OPERATOR, "//evil.example/phish", /127\.0\.0\.1:\d+\/clusters$/);
  await expect(page.getByTestId("role-badge")).toHaveText("operator");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByTestId("create-token").getByLabel("Role", { exact: true }).locator("option")).toHaveText(["viewer", "operator"]);
  await page.goto("/groups");
  await expect(page.getByTestId("group-table")).toBeVisible();
  await screen(page, "operator");

  await signOut(page);
  await screen(page, "signed-out");
  await page.goto("/groups");
  await expect(page).toHaveURL(loginUrl("/groups"));
  const me = await page.request.get("/api/auth/me");
  expect(me.status()).toBe(401);
});

test("operator can preview a rewind", async ({ page }) => {
  await signIn(page, OPERATOR, "/groups/sandbox/billing-service", /\/groups\/sandbox\/billing-service$/);
  await page.getByRole("tab", { name: "Rewind" }).click();
  const form = page.getByTestId("rewind-form");
  await expect(page.getByTestId("rewind-needs-operator")).toHaveCount(0);
  await form.getByRole("button", { name: "1 h ago" }).click();
  await form.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("rewind-preview");
  await expect(preview.getByTestId("rewind-mode-text")).toContainText("60 min before the preview");
  await expect(preview.getByTestId("rewind-queues").locator("tbody tr[data-testid^='rewind-queue-payment-results-']")).toHaveCount(8);
  await expect(preview.getByTestId("rewind-valid-until")).toHaveText(/^valid until \d\d:\d\d:\d\d$/);
  // Previewing sends nothing: the apply step waits for a reason and the typed name.
  await expect(preview.getByRole("button", { name: "Apply rewind" })).toBeDisabled();
  await screen(page, "operator-rewind-preview");
});

test("viewer sees no rewind controls (disabled with the reason) and a direct API POST to the preview route is refused with 403", async ({ page, baseURL }) => {
  await signIn(page, VIEWER, "/groups/sandbox/billing-service", /\/groups\/sandbox\/billing-service$/);
  await page.getByRole("tab", { name: "Rewind" }).click();
  const reason = "Rewinding needs the operator role";
  await expect(page.getByTestId("rewind-needs-operator")).toHaveText(reason);
  const form = page.getByTestId("rewind-form");
  for (const control of [form.getByLabel("A point in time"), form.getByLabel("Shift by a number of messages"), form.getByRole("checkbox", { name: "payment-results" }), form.getByRole("button", { name: "10 min ago" })]) {
    await expect(control).toBeDisabled();
  }
  const preview = form.getByRole("button", { name: "Preview" });
  await expect(preview).toBeDisabled();
  await expect(preview).toHaveAccessibleDescription(reason);
  await screen(page, "viewer-rewind");

  // The server refuses anyway: the page's own session, a same-origin request.
  const refused = await page.request.post("/api/clusters/sandbox/groups/billing-service/rewinds/preview", {
    headers: { Origin: baseURL! },
    data: { mode: { kind: "timestamp", agoMinutes: 10 }, scope: { topics: ["payment-results"] } },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "forbidden", message: expect.stringContaining("operator") });
});
