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
  privateReadable,
  redactCheckins,
} from "./access.js";
export { accessRoutes } from "./access.routes.js";
export { accountsRepo } from "./accounts.repo.js";
export { createUser, generatePassword } from "./auth.js";
export { authRoutes } from "./auth.routes.js";
export { authenticate } from "./authenticate.js";
export { registerUserCommands } from "./user.commands.js";
export { userRoutes } from "./users.routes.js";
