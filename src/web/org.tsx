import { createContext, useContext } from "react";

/** The organization the app shows (its slug); the demo "stride" unless the URL says otherwise. */
export const OrgContext = createContext<string>("stride");
export const useOrg = () => useContext(OrgContext);

const ME_KEY = "accord.me";
/** Until accounts exist, the person using the app is chosen once and remembered here. */
export const getMe = (): string | null => localStorage.getItem(ME_KEY);
export const setMe = (id: string) => localStorage.setItem(ME_KEY, id);
