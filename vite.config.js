// The playground: one static folder (dist/) with relative asset paths, so it
// can be served from any sub-path and by any static host.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Never inline assets as data: URLs: the CSP's connect-src 'self' would
    // refuse to fetch an inlined .wasm, and files cache better.
    assetsInlineLimit: 0,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
  // The analysis worker (www/analysis-worker.js) is an ES module worker.
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173, strictPort: false },
});
