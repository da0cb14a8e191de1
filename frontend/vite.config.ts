/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';

// The built client reads the API's address from /config.json at start-up, so one build deploys
// anywhere. In dev and preview, TRELLIS_API_URL overrides the file without touching public/ or dist/.
function runtimeConfig(): Plugin {
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const apiUrl = process.env.TRELLIS_API_URL;
    if (!apiUrl || req.url?.split('?')[0] !== '/config.json') return next();
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify({ apiBaseUrl: apiUrl }));
  };
  return {
    name: 'trellis-runtime-config',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig({
  plugins: [react(), runtimeConfig()],
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
  },
});
