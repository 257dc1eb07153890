// ESLint (flat config) for the UI: the JavaScript, TypeScript and Vue recommended rules.
// Formatting is Prettier's alone: eslint-config-prettier, last, turns off every rule that
// would disagree with it. Not type-aware: the type checks are vue-tsc's (`npm run typecheck`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated files: the shared types by Rust's ts-rs (`cargo test`), the component
    // declarations by unplugin-vue-components (`vite`); and build output.
    ignores: ['dist/', 'node_modules/', 'src/bindings/', 'src/components.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  vue.configs['flat/recommended'],
  {
    // The UI: TypeScript in .ts files and in <script setup lang="ts"> blocks, run in the webview.
    files: ['src/**/*.{ts,vue}'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    // typescript-eslint turns off the core rules that TypeScript itself checks better (no-undef,
    // no-redeclare, …) for .ts files only; the <script lang="ts"> blocks are TypeScript too.
    files: ['src/**/*.vue'],
    rules: tseslint.configs.eslintRecommended.rules,
  },
  {
    // The build configuration and the scripts run in Node.
    files: ['*.{js,mjs,ts}', 'scripts/**/*.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
