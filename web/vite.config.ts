import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The dashboard's build: web/ in, dist/web/ out, which the server serves at /. `npx vite --config
// web/vite.config.ts` runs it with live reload against a server started on the default port.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The charting chunk is about 580 KB before compression; the budget that matters, on what
    // browsers download (gzipped), is held by test/e2e/bundle-size.test.ts.
    chunkSizeWarningLimit: 650,
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:4680' },
  },
})
