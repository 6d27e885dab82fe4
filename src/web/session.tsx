import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { useNavigate } from "react-router";
import { type Access, api, type Me, type Schemas, unwrap } from "./api/client.js";

/**
 * Who is signed in. The session comes from `GET /api/auth/session` (the cookie is HttpOnly,
 * so the app asks); RequireSession sends everyone else to sign-in or first-run set-up, and
 * the Shell hands the signed-in user and their access in the organization down by context.
 */

export type Session = Schemas["Session"];
export type OrgRole = Me["orgs"][number];
export const SESSION_KEY = ["session"] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<Session> => unwrap(await api.GET("/api/auth/session")),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}

/** The signed-in user and the organization the app shows, with their access in it. */
export interface SignedIn {
  user: Me;
  org: OrgRole;
  access: Access;
}
export const SignedInContext = createContext<SignedIn | null>(null);

/** Inside the Shell: the signed-in user, their organization and what they may do there. */
export function useSignedIn(): SignedIn {
  const s = useContext(SignedInContext);
  if (!s) throw new Error("useSignedIn outside the signed-in app");
  return s;
}
export const useAccess = () => useSignedIn().access;

/**
 * After sign-in or set-up: forget everything cached for whoever was here before, remember
 * the new user, and go where they were heading.
 */
export function useStartSession() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (user: Schemas["Me"], next: string) => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    qc.setQueryData<Session>(SESSION_KEY, {
      setupNeeded: false,
      setupCodeRequired: false,
      user,
    });
    navigate(next, { replace: true });
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/auth/sign-out")),
    onSuccess: () => {
      navigate("/sign-in", { replace: true, state: { signedOut: true } });
      qc.clear();
      qc.setQueryData<Session>(SESSION_KEY, {
        setupNeeded: false,
        setupCodeRequired: false,
        user: null,
      });
    },
  });
}

/** Only same-site paths: `next` comes from the address bar and must not lead elsewhere. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/setup")) return "/";
  return next;
}

const ROLE_LABEL: Record<string, string> = {
  admin: "Admin",
  leader: "Leader",
  member: "Member",
  viewer: "Viewer",
};
export const roleLabel = (role: string) => ROLE_LABEL[role] ?? role;

const ROLE_HELP: Record<string, string> = {
  admin: "You may change everything in this organization, its people, accounts and imports.",
  leader:
    "You change the units you lead, the goals they and their people own, and their check-ins.",
  member: "You check in on the goals you own and propose new ones; a leader makes them active.",
  viewer: "You read everything that is not private, and change nothing.",
};
export const roleHelp = (role: string) => ROLE_HELP[role] ?? "";

/** Which "new …" links to offer: members propose goals only; viewers create nothing. */
export function useMayCreate() {
  const access = useAccess();
  return {
    goals: access.may.proposeGoals,
    strategy: access.may.proposeGoals && access.role !== "member",
  };
}
