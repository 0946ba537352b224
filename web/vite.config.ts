// `npm run web:build` → web/dist (self-contained: no CDN, relative asset paths); `npm run web:dev`.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
});
