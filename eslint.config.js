import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const ONLY_GATE_IMPORTS_DB = {
  group: ["../db/*", "../../db/*", "../../../db/*"],
  message: "Only app/db.server.ts imports db/.",
};
const GATE = {
  name: "~/db.server",
  message: "Pure code and components do no I/O: the database is reached from *.server.ts modules.",
};
const NO_SERVER_MODULES = {
  group: ["*.server", "**/*.server", "~/*.server", "~/**/*.server", "*.server.*", "**/*.server.*"],
  message: "Pure code and components import no *.server module (docs/architecture.md).",
};
const NO_QUERY_BUILDER = {
  group: ["drizzle-orm", "drizzle-orm/*"],
  message: "Queries live in area modules, not here (docs/architecture.md).",
};
const NO_IO = [
  {
    group: [
      "node:*",
      "fs",
      "fs/*",
      "path",
      "os",
      "child_process",
      "crypto",
      "net",
      "http",
      "https",
    ],
    message: "Pure code and components do no I/O: no Node built-ins (docs/architecture.md).",
  },
  {
    group: [
      "@remix-run/node",
      "@remix-run/express",
      "@remix-run/server-runtime",
      "postgres",
      "@electric-sql/*",
      "nodemailer",
      "exceljs",
      "pdfkit",
    ],
    message:
      "Pure code and components do no I/O: no server or I/O libraries (docs/architecture.md).",
  },
  NO_QUERY_BUILDER,
];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "data/",
      "node_modules/",
      "playwright-report/",
      "test-results/",
      "bench/results/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": ["error", { patterns: [ONLY_GATE_IMPORTS_DB] }],
    },
  },
  // The architecture's rules (docs/architecture.md). A folder's block lists every rule that
  // applies to it: for one file, the last matching block's no-restricted-imports wins.
  {
    // Pure code: no I/O of any kind, so it runs anywhere (the browser too) and tests need no setup.
    files: ["app/scoring/**/*.{ts,tsx}", "app/questionnaire/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/test-*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [GATE],
          patterns: [
            ONLY_GATE_IMPORTS_DB,
            NO_SERVER_MODULES,
            ...NO_IO,
            { group: ["@remix-run/*"], message: "Pure code does not depend on Remix." },
          ],
        },
      ],
    },
  },
  {
    // Components render; data comes from the route's loader.
    files: ["app/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [GATE], patterns: [ONLY_GATE_IMPORTS_DB, NO_SERVER_MODULES, ...NO_IO] },
      ],
    },
  },
  {
    // Routes reach the database through area modules: no tables, no query builder.
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "~/db.server",
              importNames: ["schema"],
              message: "Routes reach tables through an area module (docs/architecture.md).",
            },
          ],
          patterns: [ONLY_GATE_IMPORTS_DB, NO_QUERY_BUILDER],
        },
      ],
    },
  },
  {
    // db/ is the bottom layer: the schema, migrations and the client know nothing of the app.
    files: ["db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/*", "../app/*", "../../app/*", "**/app/*"],
              message: "db/ imports nothing from app/ (docs/architecture.md).",
            },
          ],
        },
      ],
    },
  },
  {
    // Playwright fixtures call a function named `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Tests open their own databases and read fixtures from disk.
    files: [
      "app/db.server.ts",
      "e2e/**",
      "scripts/**",
      "bench/**",
      "app/test/**",
      "app/**/*.test.ts",
    ],
    rules: { "no-restricted-imports": "off" },
  },
  prettier,
);
