/** The accounts feature's public entry: what other features may use. */
export {
  checkinAuthor,
  factsIn,
  mustAdminister,
  mustChangeStatus,
  mustCreateNode,
  mustDeleteUnit,
  mustPlaceInUnit,
  mustRead,
  mustReadAsAdmin,
  mustWriteEither,
  mustWriteNode,
  mustWriteUnit,
  prefetchRole,
  privateReadable,
  redactCheckins,
} from "./access.js";
export { accountsRepo } from "./accounts.repo.js";
export { createUser, generatePassword, newSetupCode, setupNeeded } from "./auth.js";
