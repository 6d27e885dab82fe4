import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { router } from "./http.js";

/**
 * The interactive API docs (Swagger UI), served entirely by Accord: the page, Swagger UI's
 * script and style sheet from the installed swagger-ui-dist package, and a small script that
 * starts it. Nothing is loaded from another host, so the page works without internet and
 * its Content-Security-Policy can allow scripts from this origin only.
 */

export const DOCS_PATH = "/api/docs";
const ASSETS = `${DOCS_PATH}/assets`;

const DIST = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const VERSION: string = JSON.parse(
  fs.readFileSync(path.join(DIST, "package.json"), "utf8"),
).version;

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** Starts Swagger UI on the page (a file rather than an inline script, for the CSP). */
const INIT_JS = `window.ui = SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
});
`;

/** What the page may load: name → content type and body (files are read once, on first use). */
const assets: Record<string, { type: string; body: () => string }> = {
  "swagger-ui-bundle.js": { type: JS, body: fromDist("swagger-ui-bundle.js") },
  "swagger-ui.css": { type: CSS, body: fromDist("swagger-ui.css") },
  "init.js": { type: JS, body: () => INIT_JS },
};

/** An asset's URL; the version in the query makes a package upgrade bypass caches. */
const assetUrl = (name: string) => `${ASSETS}/${name}?v=${VERSION}`;

/** The paths an anonymous caller may read (the docs are public, like the OpenAPI document). */
export const DOCS_PUBLIC_PATHS = [DOCS_PATH, ...Object.keys(assets).map((n) => `${ASSETS}/${n}`)];

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Accord API</title>
    <link rel="stylesheet" href="${assetUrl("swagger-ui.css")}" />
  </head>
  <body>
    <main id="swagger-ui"></main>
    <script src="${assetUrl("swagger-ui-bundle.js")}"></script>
    <script src="${assetUrl("init.js")}"></script>
  </body>
</html>
`;

export function mountDocs(app: ReturnType<typeof router>) {
  app.get(DOCS_PATH, (c) => c.html(PAGE));
  app.get(`${ASSETS}/:name`, (c) => {
    const asset = Object.hasOwn(assets, c.req.param("name")) ? assets[c.req.param("name")] : null;
    if (!asset) return c.notFound();
    return c.body(asset.body(), 200, {
      "content-type": asset.type,
      "cache-control": "public, max-age=86400",
    });
  });
}

function fromDist(file: string) {
  let text: string | undefined;
  return () => {
    text ??= fs.readFileSync(path.join(DIST, file), "utf8");
    return text;
  };
}
