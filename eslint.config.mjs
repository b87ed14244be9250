import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The protocol and domain layers stay framework-free (see ../shared/design.md).
    files: ["lib/rocketmq/**", "lib/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/app/*", "@/components/*", "@/lib/services/*", "@/lib/data/*", "@/lib/server/*", "@prisma/*", "@/lib/generated/*", "next", "next/*", "react"], message: "lib/rocketmq and lib/domain import nothing from app, components, services, data, server or Prisma." },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", "e2e/rocketmq/target/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
