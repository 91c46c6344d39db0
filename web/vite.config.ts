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
  build: {
    // The Svelte compiler is most of the build's time; a warning saying so every build is noise.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
