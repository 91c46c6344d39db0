import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// `vite dev` talks to a server started separately (`pnpm --filter @telltale/server dev`).
const apiTarget = process.env.TELLTALE_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/graphql': { target: apiTarget, ws: true },
      '/ingest': { target: apiTarget },
    },
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
