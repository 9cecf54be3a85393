// Vite builds the studio (src/studio) into dist/studio, which the render server serves at `/`
// (src/server/routes/studio.ts). `npm run build:studio`; docs/studio.md.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/studio', import.meta.url)),
  base: '/',
  // Served by the render server, not by Vite: no public dir, no env files.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/studio', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
