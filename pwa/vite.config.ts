import { defineConfig } from 'vite';
import { pwaPlugin } from './tools/pwa-plugin.ts';

/** Where `npm run dev` sends /graphql (the Python backend). */
const backend = process.env['ASIOINTI_BACKEND'] ?? 'http://127.0.0.1:8000';

export default defineConfig({
  // Preact's automatic JSX runtime, without a Babel-based preset.
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  plugins: [pwaPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    sourcemap: false,
    // No inline code anywhere: the backend's CSP is script-src 'self'; style-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
  },
  server: {
    // The operations live in ../graphql/operations (the contract folder).
    fs: { allow: ['..'] },
    proxy: { '/graphql': backend },
  },
  preview: {
    proxy: { '/graphql': backend },
  },
});
