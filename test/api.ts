import { randomBytes } from "node:crypto";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Kysely } from "kysely";
import type { DB } from "../src/platform/db/schema.js";
import { buildServer, openApiDocument } from "../src/server/app.js";

/**
 * A small client over the in-process server: real routes, real database, no sockets. By
 * default it calls as the operator (the server's own CLI channel, which may do everything);
 * `as(...)` gives a client that calls with an API token or a session cookie instead.
 */
export function apiClient(db: Kysely<DB>, now = () => new Date()) {
  const operatorToken = `op_${randomBytes(16).toString("hex")}`;
  const app = buildServer(db, { now, operatorToken });
  return clientFor(app, { authorization: `Bearer ${operatorToken}` });
}

export type Api = ReturnType<typeof clientFor>;

function clientFor(
  app: ReturnType<typeof buildServer>,
  defaults: Record<string, string>,
  checked = true,
) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...defaults, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??=
        typeof body === "string" ? "text/csv" : "application/json";
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (checked) {
      const problems = contractProblems(method, path, res.status, res.headers, text);
      if (problems.length) throw new ContractError(method, path, res.status, problems, text);
    }
    // biome-ignore lint/suspicious/noExplicitAny: test convenience
    return { status: res.status, body: json as any, text, headers: res.headers };
  };
  return {
    app,
    /** The credentials this client sends (e.g. the operator's Authorization header). */
    auth: defaults,
    /** The same server, called with other credentials (e.g. a token, or a cookie + CSRF header). */
    as: (headers: Record<string, string>) => clientFor(app, headers, checked),
    /**
     * The same client without the contract check. Only for tests that deliberately send or
     * expect what the OpenAPI document does not describe; everything else must stay checked.
     */
    get raw() {
      return clientFor(app, defaults, false);
    },
    get: (p: string, h?: Record<string, string>) => call("GET", p, undefined, h),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call("POST", p, b ?? {}, h),
    patch: (p: string, b: unknown, h?: Record<string, string>) => call("PATCH", p, b, h),
    /**
     * Reads the item, then updates it at the version it read, as a client that has just
     * shown it to someone does (a PATCH needs a version). Without read access the update
     * goes out without one and meets the same refusal a real client would.
     */
    edit: async (p: string, b: Record<string, unknown>, h?: Record<string, string>) => {
      const current = await call("GET", p, undefined, h);
      const version = current.status === 200 ? current.body?.version : undefined;
      return call("PATCH", p, version === undefined ? b : { version, ...b }, h);
    },
    del: (p: string, h?: Record<string, string>) => call("DELETE", p, undefined, h),
  };
}

/**
 * The contract every answer of the API keeps, checked on every call of the client above:
 * a documented route (method + path template of the OpenAPI document) answers only the
 * statuses its operation lists, with a body of the documented media type that its schema
 * accepts (required properties present, types right, no property the schema does not
 * declare). An undocumented request (an unknown route, the docs' assets, the web app) is
 * not checked, except that a JSON error must still have the error shape.
 */
export function contractProblems(
  method: string,
  url: string,
  status: number,
  headers: Headers,
  text: string,
): string[] {
  const c = contract();
  const path = new URL(url, "http://accord.test").pathname;
  const op = c.operation(method, path);
  const mediaType = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const isJson = mediaType === "application/json";
  if (!op) {
    if (status >= 400 && isJson) return c.validate(ERROR, "Error", text);
    return [];
  }
  const response = op.operation.responses[String(status)] ?? op.operation.responses.default;
  if (!response) {
    return [
      `${method} ${op.template} answered ${status}, which its OpenAPI operation does not list (it lists ${Object.keys(op.operation.responses).join(", ")})`,
    ];
  }
  const content = response.content ?? {};
  const documented = Object.keys(content);
  if (documented.length === 0) {
    return text === ""
      ? []
      : [`${method} ${op.template} answered ${status} with a body, but documents none for it`];
  }
  if (!documented.includes(mediaType)) {
    return [
      `${method} ${op.template} answered ${status} as "${mediaType}", but documents ${documented.join(", ")}`,
    ];
  }
  if (!isJson) return [];
  const key = `${method} ${op.template} ${status}`;
  return c
    .validate(content[mediaType]!.schema ?? {}, key, text)
    .map((p) => `${method} ${op.template} → ${status}: ${p}`);
}

/** An answer of the API that its OpenAPI document does not describe. */
export class ContractError extends Error {
  constructor(method: string, path: string, status: number, problems: string[], text: string) {
    super(
      `The answer to ${method} ${path} (${status}) breaks the OpenAPI document:\n  ${problems.join("\n  ")}\nBody: ${text.slice(0, 500)}`,
    );
    this.name = "ContractError";
  }
}

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components?: object };

const COMPONENTS = "components.json";
const ERROR = { $ref: `${COMPONENTS}#/$defs/Error` };

let built: ReturnType<typeof buildContract> | undefined;
const contract = () => {
  built ??= buildContract(strict(openApiDocument() as unknown as Document));
  return built;
};

function buildContract(doc: Document) {
  const routes = Object.entries(doc.paths)
    .map(([template, methods]) => ({
      template,
      methods,
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
          .join("[^/]+")}$`,
      ),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // The most literal template first, should a parameter's segment also match a literal one.
    .sort((a, b) => a.params - b.params);

  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  for (const keyword of ["example", "discriminator", "xml", "externalDocs"])
    ajv.addKeyword(keyword);
  ajv.addSchema({
    $id: COMPONENTS,
    $defs: (doc.components as { schemas?: object } | undefined)?.schemas ?? {},
  });
  const compiled = new Map<string, ValidateFunction>();

  return {
    operation(method: string, path: string) {
      const route = routes.find((r) => r.pattern.test(path) && r.methods[method.toLowerCase()]);
      return route && { template: route.template, operation: route.methods[method.toLowerCase()]! };
    },
    /** The problems of a JSON body against a schema of the document (compiled once per key). */
    validate(schema: unknown, key: string, text: string): string[] {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return ["the body is not JSON"];
      }
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(schema as object);
        compiled.set(key, validate);
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).slice(0, 10).map((e) => {
        const extra = (e.params as { unevaluatedProperty?: string }).unevaluatedProperty;
        return `${e.instancePath || "body"} ${e.message}${extra ? ` (${extra})` : ""}`;
      });
    },
  };
}

/**
 * The document with every object schema closed: zod objects strip unknown keys on input,
 * but a response is built by our own code, so a property the schema does not declare is a
 * leak (a private field, an internal column) or a schema that has fallen behind. References
 * to the document's components point into the one schema resource that holds them.
 */
function strict<T>(doc: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] =
        k === "example"
          ? v
          : k === "$ref" && typeof v === "string"
            ? v.replace(/^#\/components\/schemas\//, `${COMPONENTS}#/$defs/`)
            : walk(v);
    }
    if (
      out.type !== undefined &&
      [out.type].flat().includes("object") &&
      out.properties &&
      out.additionalProperties === undefined &&
      out.unevaluatedProperties === undefined
    ) {
      out.unevaluatedProperties = false;
    }
    return out;
  };
  return walk(doc) as T;
}
