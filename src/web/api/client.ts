import createClient from "openapi-fetch";
import type { components, paths } from "./schema.gen.js";

/**
 * The header every request from the web app carries: the server refuses a cookie-signed
 * write without it (a cross-site page cannot send it), see src/server/auth.ts.
 */
export const CSRF_HEADERS = { "X-Accord-Request": "1" } as const;

/** The typed API client: types come from the server's OpenAPI document (npm run gen:api). */
export const api = createClient<paths>({ baseUrl: "", headers: CSRF_HEADERS });

/** Public routes answer 401 for a wrong password; anywhere else it means the session ended. */
const AUTH_ROUTES = /^\/api\/auth\/(session|sign-in|setup)$/;
const signedOutListeners = new Set<() => void>();

/** Called whenever the API says the caller is not signed in (the session ended or expired). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

api.use({
  onResponse({ request, response }) {
    if (response.status !== 401) return;
    if (AUTH_ROUTES.test(new URL(request.url, window.location.origin).pathname)) return;
    for (const listener of signedOutListeners) listener();
  },
});

export type Schemas = components["schemas"];
export type Node = Schemas["Node"];
export type Unit = Schemas["Unit"];
export type Person = Schemas["Person"];
export type Finding = Schemas["Finding"];
export type Health = Schemas["Health"];
export type ApiError = Schemas["Error"]["error"];
export type Me = Schemas["Me"];
export type Role = Me["orgs"][number]["role"];
export type Access = Schemas["Access"];
export type ApiToken = Schemas["ApiToken"];

/** Thrown by `unwrap` so that pages can show the API's message and field issues. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
  /** Issues by field path, for showing validation messages at the field. */
  get fieldErrors(): Record<string, string> {
    const issues =
      (this.error.details as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
    return Object.fromEntries(issues.map((i) => [i.path, i.message]));
  }
}

/** The data of an openapi-fetch result, or an ApiFailure carrying the API's error. */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) {
    const body = r.error as { error?: ApiError } | undefined;
    throw new ApiFailure(
      r.response.status,
      body?.error ?? {
        code: "network",
        message: `${r.response.status} ${r.response.statusText}`,
        details: null,
      },
    );
  }
  return r.data as T;
}
