import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The web app: src/web is the Vite root; `npm start` serves the build from the API's port. */
export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: { outDir: "../../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
