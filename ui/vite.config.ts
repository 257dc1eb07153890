import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import ElementPlus from 'unplugin-element-plus/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vitest/config';

const unitTests = process.env.VITEST !== undefined;

// Loaded by the Tauri webview from disk: relative asset paths, no remote content.
export default defineConfig({
  base: './',
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> tag and v-loading imports its component and its
    // CSS, and `import { ElMessage } from 'element-plus'` its CSS, so that the first load
    // carries only the components it shows (not the whole library). Unit tests run in
    // Node, which cannot import CSS: they get the components without their styles.
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: unitTests ? false : 'css' })],
      dts: 'src/components.d.ts',
    }),
    ...(unitTests ? [] : [ElementPlus({ useSource: false })]),
  ],
  clearScreen: false,
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: scripts/check-split.mjs reads the chunk graph from it.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
