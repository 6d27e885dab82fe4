import { AppError } from "../../core/errors.js";

/**
 * Turns a database constraint violation into a typed error naming the field, so that bad
 * input that slipped past validation still gets a 4xx, never a 500.
 */
export function mapDbError(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  if (typeof e?.code !== "string") return err;
  const field = fieldOf(e.constraint);
  switch (e.code) {
    case "23503":
      return new AppError(
        "validation_failed",
        field
          ? `${field}: refers to something that does not exist in this organization.`
          : "A referenced item does not exist.",
        { issues: [{ path: field ?? "", message: "does not exist" }] },
      );
    case "23505":
      return new AppError("conflict", field ? `${field}: already taken.` : "That already exists.", {
        field,
      });
    case "23514":
      return new AppError("validation_failed", `Invalid value (${e.constraint ?? "check"}).`, {
        issues: [{ path: field ?? "", message: e.message ?? "check failed" }],
      });
    case "22021":
    case "22P05":
      return new AppError(
        "validation_failed",
        "Text may not contain NUL (\\u0000) or invalid characters.",
        {
          issues: [{ path: "", message: "invalid character" }],
        },
      );
    case "22P02":
    case "22003":
    case "22007":
    case "22008":
      return new AppError("validation_failed", e.message ?? "Invalid value.", { issues: [] });
    default:
      return err;
  }
}

const CAMEL = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function fieldOf(constraint: string | undefined): string | null {
  if (!constraint) return null;
  // e.g. nodes_org_id_owner_unit_id_fkey → ownerUnitId; people_external → externalId
  const m = /^[a-z]+_(?:org_id_)?(.+?)(?:_fkey|_key|_check)?$/.exec(constraint);
  if (!m) return null;
  const col = m[1].replace(/^id$/, "id");
  if (col === "external") return "externalId";
  if (col === "email") return "email";
  if (col === "pair") return "toId";
  return CAMEL(col);
}
