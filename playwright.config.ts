import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const E2E_ORIGIN = `http://localhost:${port}`;
export const E2E_PASSWORD = "e2e-demo-password-2026";

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E_ORIGIN,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  // The permission matrix reads the demo data as loaded, so it runs before the journeys change it; its POST walk
  // runs alone after the GET walk, since it checks that nothing at all is written while it posts.
  projects: [
    { name: "permissions", testMatch: /permission-matrix\.spec\.ts$/ },
    { name: "permission-posts", testMatch: /permission-posts\.spec\.ts$/, dependencies: ["permissions"] },
    { name: "journeys", testIgnore: /permission-(matrix|posts)\.spec\.ts$/, dependencies: ["permission-posts"] },
  ],
  webServer: {
    command: "rm -f test/.tmp/e2e.db test/.tmp/e2e.db-wal test/.tmp/e2e.db-shm && node server.js",
    url: `${E2E_ORIGIN}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      APP_ORIGIN: E2E_ORIGIN,
      DATABASE_PATH: "test/.tmp/e2e.db",
      DEMO_PASSWORD: E2E_PASSWORD,
    },
  },
});
