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
            {
              group: [
                "@/app",
                "@/app/*",
                "@/components",
                "@/components/*",
                "@/lib/services",
                "@/lib/services/*",
                "@/lib/data",
                "@/lib/data/*",
                "@/lib/server",
                "@/lib/server/*",
                "@/lib/sandbox",
                "@/lib/sandbox/*",
                "@/lib/generated",
                "@/lib/generated/*",
                "@/prisma",
                "@/prisma/*",
                "@prisma/*",
                ".prisma",
                ".prisma/*",
                "next",
                "next/*",
                "react",
                "react/*",
              ],
              message: "lib/rocketmq and lib/domain import nothing from app, components, services, data, server, sandbox or Prisma.",
            },
            {
              // The same by relative path, at any depth: ../../app/x, ../services, ../../../lib/sandbox/y, ...
              regex: "^(\\./)?(\\.\\./)+(lib/)?(app|components|services|data|server|sandbox|generated|prisma)(/.*)?$",
              message: "lib/rocketmq and lib/domain import nothing from app, components, services, data, server, sandbox or Prisma (relative paths included).",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", "e2e/rocketmq/target/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
