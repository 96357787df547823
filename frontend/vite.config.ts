/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// No Preact plugin: Vite's built-in (oxc) transform handles JSX with the
// automatic runtime from Preact.
export default defineConfig({
  oxc: {
    jsx: {
      runtime: 'automatic',
      importSource: 'preact',
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The Go server sends a strict CSP (script-src 'self'): no inline code.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
