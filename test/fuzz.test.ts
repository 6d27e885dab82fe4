import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../src/features/demo/demo.js";
import { makeCtx } from "../src/platform/context.js";
import type { Database } from "../src/platform/db/connect.js";
import { apiClient, contractProblems } from "./api.js";
import { testDatabase } from "./db.js";

/**
 * Malformed requests derived from the OpenAPI document: every operation gets wrong types,
 * missing fields, huge strings, unicode and injection strings in its path, query and body.
 * Nothing may answer 5xx, every error must have the standard shape, and every answer must be
 * one the document describes (a status the operation lists, a body its schema accepts).
 */
let database: Database;
let api: ReturnType<typeof apiClient>;
let ids: { node: string; unit: string; person: string; edge: string; cycle: string };

beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(makeCtx(database.db));
  api = apiClient(database.db);
  const first = async (p: string) =>
    (await api.get(`/api/orgs/stride/${p}?limit=1`)).body.items[0].id as string;
  ids = {
    node: await first("nodes"),
    unit: await first("units"),
    person: await first("people"),
    edge: await first("edges"),
    cycle: await first("cycles"),
  };
});
afterAll(() => database.close());

const NASTY = [
  "",
  " ",
  "'; drop table nodes; --",
  '" or 1=1 --',
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "🏃‍♀️👟",
  "Ω≈ç√∫˜µ≤≥÷",
  "x".repeat(100_000),
  "NaN",
  "-1",
  "1e309",
  "null",
  "{}",
  "[]",
  "true",
];

const junk = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(...NASTY),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.constantFrom(...NASTY.slice(0, 8)), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom("id", "name", "title", "kind", "__proto__", "constructor"),
      fc.constantFrom(...NASTY.slice(0, 6)),
      { maxKeys: 3 },
    ),
  );

type Op = {
  method: string;
  path: string;
  params: string[];
  body: string[] | null;
  query: string[];
};

function operations(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: unknown }> };
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
}): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const schema = op.requestBody?.content["application/json"]?.schema as
        | { properties?: Record<string, unknown>; $ref?: string }
        | undefined;
      const resolved = schema?.$ref
        ? (doc.components.schemas[schema.$ref.split("/").pop()!] as typeof schema)
        : schema;
      const body = op.requestBody ? Object.keys(resolved?.properties ?? {}) : null;
      ops.push({ method: method.toUpperCase(), path, params, body, query });
    }
  }
  return ops;
}

describe("fuzzing every operation from the OpenAPI document", () => {
  it("answers 5,000+ malformed requests without a 5xx, always in the error shape", async () => {
    const doc = (await api.get("/api/openapi.json")).body;
    const ops = operations(doc).filter((o) => !o.path.startsWith("/api/docs"));
    expect(ops.length).toBeGreaterThan(30);
    const real = (name: string, path: string) =>
      name === "org"
        ? "stride"
        : path.includes("/units/")
          ? ids.unit
          : path.includes("/people/")
            ? ids.person
            : path.includes("/edges/")
              ? ids.edge
              : path.includes("/cycles/")
                ? ids.cycle
                : ids.node;
    let sent = 0;
    const failures: string[] = [];
    const seen = new Set<string>();
    const perOp = Math.ceil(5200 / ops.length);
    for (const op of ops) {
      const samples = fc.sample(
        fc.record({
          breakParam: fc.option(fc.constantFrom(...(op.params.length ? op.params : ["-"])), {
            nil: undefined,
          }),
          paramJunk: fc.constantFrom(...NASTY.slice(1, 10), crypto.randomUUID()),
          query: fc.dictionary(
            fc.constantFrom(...op.query, "limit", "offset", "x"),
            fc.constantFrom(...NASTY.slice(0, 14), "5", "-5"),
            { maxKeys: 3 },
          ),
          body: fc.oneof(
            fc.dictionary(
              fc.constantFrom(...(op.body?.length ? op.body : ["x"]), "extra"),
              junk(),
              { maxKeys: 6 },
            ),
            junk(),
            fc.constant("{not json"),
          ),
        }),
        perOp,
      );
      for (const s of samples) {
        let path = op.path;
        for (const p of op.params) {
          const value = s.breakParam === p ? s.paramJunk : real(p, op.path);
          path = path.replace(`{${p}}`, encodeURIComponent(value));
        }
        const qs = new URLSearchParams(
          Object.entries(s.query).map(([k, v]) => [k, String(v)]),
        ).toString();
        const url = qs ? `${path}?${qs}` : path;
        const body =
          op.body === null
            ? undefined
            : typeof s.body === "string"
              ? s.body
              : JSON.stringify(s.body);
        // Most requests carry valid credentials (so the input itself is what gets tested); every
        // seventh carries broken ones instead.
        const forged = sent % 7 === 6;
        const credentials = forged ? junkCredentials(sent) : api.auth;
        const headers: Record<string, string> =
          body === undefined
            ? { ...credentials }
            : {
                ...credentials,
                "content-type": path.includes("/import/") ? "text/csv" : "application/json",
              };
        const res = await api.app.request(url, { method: op.method, body, headers });
        sent++;
        const text = await res.text();
        const isPublic = /^\/api\/(auth\/(session|setup|sign-in)|status|openapi\.json|docs)$/.test(
          path,
        );
        if (forged && res.status < 400 && !isPublic)
          failures.push(
            `${op.method} ${url.slice(0, 120)} → ${res.status} with forged credentials`,
          );
        if (!forged && res.status === 401 && !isPublic)
          failures.push(`${op.method} ${url.slice(0, 120)} → 401 with the operator's token`);
        // Each broken promise of the document once (they name the route, not the URL).
        for (const p of contractProblems(op.method, url, res.status, res.headers, text)) {
          if (!seen.has(p)) failures.push(`${p.slice(0, 300)} (e.g. ${url.slice(0, 120)})`);
          seen.add(p);
        }
        if (res.status >= 500)
          failures.push(`${op.method} ${url.slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`);
        else if (res.status >= 400) {
          let shape = false;
          try {
            const e = JSON.parse(text).error;
            shape = typeof e.code === "string" && typeof e.message === "string" && "details" in e;
          } catch {
            shape = false;
          }
          if (!shape)
            failures.push(
              `${op.method} ${url.slice(0, 120)} → ${res.status} not in the error shape: ${text.slice(0, 200)}`,
            );
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(5000);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});

/** Malformed or forged credentials: none of them may crash the server or get through. */
function junkCredentials(i: number): Record<string, string> {
  const junk: Record<string, string>[] = [
    { authorization: "Bearer" },
    { authorization: "Bearer acc_" },
    { authorization: `Bearer acc_${"A".repeat(5000)}` },
    { authorization: "Basic dXNlcjpwYXNz" },
    { authorization: "Bearer acc_' OR 1=1 --" },
    { cookie: "accord_session=" },
    { cookie: `accord_session=${"x".repeat(8000)}` },
    { cookie: "accord_session=%E0%A4%A; accord_session=two" },
    { cookie: "accord_session=' OR '1'='1", "x-accord-request": "1" },
  ];
  return junk[i % junk.length]!;
}
