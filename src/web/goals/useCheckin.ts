import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiFailure, api, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";

export interface CheckinInput {
  value: number | null;
  /** 0..1 */
  confidence: number | null;
  note: string;
  /** Only the author, their managers and admins read a private note. */
  private?: boolean;
}

/**
 * Posts a check-in as the signed-in person (the API makes them its author), then refreshes every query: the goal's progress rolls up into its
 * parents, its unit's health and the organization's, all of which any page may show.
 */
export function useCheckin(nodeId: string) {
  const org = useOrg();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: CheckinInput) =>
      unwrap(
        await api.POST("/api/orgs/{org}/nodes/{id}/checkins", {
          params: { path: { org, id: nodeId } },
          body: {
            value: input.value,
            confidence: input.confidence,
            note: input.note,
            private: input.private ?? false,
          },
        }),
      ),
    onSuccess: () => qc.invalidateQueries(),
  });
}

/** The API's message for one field (if the last attempt failed on it), capitalised. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiFailure)) return undefined;
  const m = error.fieldErrors[field];
  return m ? sentence(m) : undefined;
}

/** The API's message when it names no field this form shows. */
export function formError(error: unknown, fields: string[]): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiFailure) {
    const named = Object.keys(error.fieldErrors);
    if (named.some((f) => fields.includes(f))) return undefined;
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}

const sentence = (s: string) => {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** "" → null; otherwise the number typed (the browser gives "" for anything not a number). */
export const parseValue = (s: string): number | null => (s.trim() === "" ? null : Number(s));
