import { createContext, useContext } from "react";

/** The organization the app shows (its slug): one of the signed-in user's organizations. */
export const OrgContext = createContext<string>("stride");
export const useOrg = () => useContext(OrgContext);

const ORG_KEY = "accord.org";
/** The organization last chosen in this browser (for users with more than one). */
export const rememberedOrg = (): string | null => localStorage.getItem(ORG_KEY);
export const rememberOrg = (slug: string) => localStorage.setItem(ORG_KEY, slug);
