import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The web app: src/web is the Vite root; `npm start` serves the build from the API's port. */
export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: {
    // ACCORD_WEB_OUT lets parallel builds (e.g. several test runs) keep apart.
    outDir: path.resolve(import.meta.dirname, process.env.ACCORD_WEB_OUT ?? "dist/web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
