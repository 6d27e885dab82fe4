import { describe, expect, it } from "vitest";
import { PgCopyThread } from "./pg-copy-thread.js";

describe("the PostgreSQL COPY thread", () => {
  it("passes a server it cannot reach on as the read's error, reads again after it, and refuses reads once closed", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const thread = new PgCopyThread("postgres://nobody@127.0.0.1:1/none");
    await expect(thread.read("select 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    // The thread is still there for the next read, which fails the same way (not "stopped").
    const [a, b] = await Promise.allSettled([thread.read("select 1"), thread.read("select 2")]);
    expect(a).toMatchObject({ status: "rejected", reason: { code: "ECONNREFUSED" } });
    expect(b).toMatchObject({ status: "rejected", reason: { code: "ECONNREFUSED" } });
    await thread.close();
    await expect(thread.read("select 1")).rejects.toThrow(/closed/);
  });
});
