import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Ctx } from "../context.js";
import { errorBody } from "./errors.js";

export type Env = {
  Variables: {
    ctx: Ctx;
    setupCode?: string;
    /** An import's progress, for a server built in process by the CLI (see buildServer). */
    onImportProgress?: (done: number, total: number) => void;
  };
};

/** A router whose request validation failures have the API's error shape. */
export const router = () =>
  new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join("."),
        message: i.message,
      }));
      const first = issues[0];
      return c.json(
        errorBody(
          "validation_failed",
          first ? `${first.path || "input"}: ${first.message}` : "Invalid input.",
          { issues, target: result.target },
        ),
        400,
      );
    },
  });

export const ctxOf = (c: Context<Env>) => c.get("ctx");
