import createClient from "openapi-fetch";
import type { components, paths } from "./schema.gen.js";

/** The typed API client: types come from the server's OpenAPI document (npm run gen:api). */
export const api = createClient<paths>({ baseUrl: "" });

export type Schemas = components["schemas"];
export type Node = Schemas["Node"];
export type Unit = Schemas["Unit"];
export type Person = Schemas["Person"];
export type Finding = Schemas["Finding"];
export type Health = Schemas["Health"];
export type ApiError = Schemas["Error"]["error"];

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
