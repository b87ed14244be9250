import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.TIDEMARK_E2E_PORT ?? 3100);
const noClusterPort = port + 1;
const chromium = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    // Debian's Chromium (apt-get install chromium); never a browser downloaded by Playwright.
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};
/** The administrator's signed-in browser state, written by e2e/setup/admin.setup.ts. */
export const ADMIN_STATE = ".tidemark/e2e-state/admin.json";
// Each server starts from a clean state directory.
const fresh = (dir: string) => `node -e "require('fs').rmSync('${dir}',{recursive:true,force:true})" && node scripts/start.mjs`;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  testIgnore: ["rocketmq/**", "sandbox/**"],
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    // Signs in as the first administrator (TIDEMARK_ADMIN_PASSWORD below) and keeps the session for the specs.
    { name: "setup", testMatch: ["setup/*.setup.ts"], use: { ...chromium, baseURL: `http://127.0.0.1:${port}` } },
    // The console as a new user gets it: no cluster configured, so it runs the embedded sandbox.
    {
      name: "sandbox",
      testMatch: ["ui/**/*.spec.ts", "api/**/*.spec.ts"],
      dependencies: ["setup"],
      use: { ...chromium, baseURL: `http://127.0.0.1:${port}`, storageState: ADMIN_STATE },
    },
    // The same console with the sandbox switched off: it must say that no cluster is configured.
    { name: "no-cluster", testMatch: ["no-cluster/**/*.spec.ts"], use: { ...chromium, baseURL: `http://127.0.0.1:${noClusterPort}` } },
  ],
  webServer: [
    {
      command: fresh(".tidemark/e2e"),
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: "file:./.tidemark/e2e/tidemark.db",
        TIDEMARK_CLUSTERS: "",
        TIDEMARK_SANDBOX_DATA: ".tidemark/e2e/sandbox",
        TIDEMARK_SANDBOX_CONTROL: "1",
        // history charts fill within seconds
        TIDEMARK_SAMPLE_INTERVAL_MS: "2000",
        // the first administrator's password (otherwise generated and printed once)
        TIDEMARK_ADMIN_PASSWORD: "admin-password-for-e2e",
      },
      stdout: "pipe",
    },
    {
      command: fresh(".tidemark/e2e-none"),
      url: `http://127.0.0.1:${noClusterPort}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      // a laptop setup: authentication off (the console shows it as a warning)
      env: { PORT: String(noClusterPort), HOST: "127.0.0.1", DATABASE_URL: "file:./.tidemark/e2e-none/tidemark.db", TIDEMARK_CLUSTERS: "", TIDEMARK_SANDBOX: "off", TIDEMARK_AUTH: "off" },
      stdout: "pipe",
    },
  ],
});
