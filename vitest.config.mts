import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "app/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // The admin client's integration suite against the in-process sandbox cluster.
        extends: true,
        test: {
          name: "sandbox",
          include: ["e2e/sandbox/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real NameServer + brokers started from Maven Central jars (e2e/rocketmq/cluster.mjs).
        extends: true,
        test: {
          name: "rocketmq",
          include: ["e2e/rocketmq/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
