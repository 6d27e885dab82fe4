import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_FILE, generateApiTypes } from "../scripts/gen-api.js";

describe("the web client's API types", () => {
  it("are generated from the current OpenAPI document (run `npm run gen:api` when this fails)", async () => {
    expect(fs.readFileSync(API_TYPES_FILE, "utf8")).toBe(await generateApiTypes());
  });
});
