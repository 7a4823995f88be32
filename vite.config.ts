import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each page loads (bench/bundle.ts measures the budget from it).
    manifest: true,
    // The users page's first-load JS has a budget (see bench/bundle-budget.json); warn well before it.
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        // Everything the first render needs in one chunk. Left to itself, Rolldown splits modules
        // that the entry shares with lazy pages (React Router, Query, the route table) into chunks
        // of their own, which the first visit loads all the same, each gzipped on its own: about
        // 3 kB more for the users page. The pages' own code stays in its lazy chunks.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
});
