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
  },
});
