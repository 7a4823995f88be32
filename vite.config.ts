import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // The users page's first-load JS has a budget (see bench/bundle-budget); warn well before it.
    chunkSizeWarningLimit: 400,
  },
});
