import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonClientErrors } from "./client-errors.js";

const server = createServer((_req, res) => res.end("ok"));
let port = 0;
beforeAll(async () => {
  jsonClientErrors(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(headers: Record<string, string>) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/api/status", headers }, (res) => {
      let body = "";
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("requests Node refuses before routing", () => {
  it("answer too-large headers with 431 in the API's error shape", async () => {
    const res = await get({ "x-padding": "a".repeat(40_000) });
    expect(res.status).toBe(431);
    expect(res.type).toMatch(/application\/json/);
    expect(JSON.parse(res.body).error).toMatchObject({ code: "headers_too_large" });
  });

  it("leave ordinary requests alone", async () => {
    const res = await get({ "x-padding": "a".repeat(100) });
    expect(res).toMatchObject({ status: 200, body: "ok" });
  });
});
