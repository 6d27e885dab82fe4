import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../db/connect.js";

let database: Database;
/** Nobody signed in: the docs are public. */
let anonymous: ReturnType<ReturnType<typeof apiClient>["as"]>;
let operator: ReturnType<typeof apiClient>;

beforeAll(async () => {
  database = await testDatabase();
  operator = apiClient(database.db);
  anonymous = operator.as({});
});
afterAll(() => database.close());

const EXTERNAL = /(?:https?:)?\/\//i;

describe("interactive API docs", () => {
  it("is a page that loads everything from Accord itself", async () => {
    const page = await anonymous.get("/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/https?:\/\//i);
    // No inline script: every <script> has a src.
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);

    const refs = [...page.text.matchAll(/<(script|link)\b[^>]*\s(?:src|href)="([^"]+)"/gi)].map(
      (m) => ({ tag: m[1]!.toLowerCase(), url: m[2]! }),
    );
    expect(refs.filter((r) => r.tag === "script").length).toBeGreaterThanOrEqual(2);
    expect(refs.filter((r) => r.tag === "link").length).toBeGreaterThanOrEqual(1);
    for (const { tag, url } of refs) {
      expect(url, url).toMatch(/^\/(?!\/)/);
      expect(url, url).not.toMatch(EXTERNAL);
      const asset = await anonymous.get(url);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get("content-type"), url).toMatch(
        tag === "script" ? /^(text|application)\/javascript\b/ : /^text\/css\b/,
      );
      expect(asset.text.length, url).toBeGreaterThan(0);
    }
    const bundle = refs.find((r) => r.url.includes("swagger-ui-bundle.js"));
    expect(bundle).toBeDefined();
    expect((await anonymous.get(bundle!.url)).text).toContain("SwaggerUIBundle");
    expect(refs.some((r) => r.url.includes("swagger-ui.css"))).toBe(true);
  });

  it("sends a Content-Security-Policy that names no other host", async () => {
    const page = await anonymous.get("/api/docs");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(EXTERNAL);
    expect(csp).not.toMatch(/\bhttps?:/i);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1]?.trim();
    expect(scriptSrc).toBe("'self'");
  });

  it("serves only the assets it lists", async () => {
    expect((await anonymous.get("/api/docs/assets/package.json")).status).toBe(401);
    expect((await operator.get("/api/docs/assets/package.json")).status).toBe(404);
    expect((await operator.get("/api/docs/assets/..%2Fpackage.json")).status).toBe(404);
    expect((await operator.get("/api/docs/assets/constructor")).status).toBe(404);
  });
});
