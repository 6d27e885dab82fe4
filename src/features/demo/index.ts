/** The demo feature's public entry: what other features may use. */

export { loadDemo } from "./demo.js";
export { createDemoAccounts, describeDemoAccounts } from "./demo-accounts.js";
export { loadSyntheticEnterprise, parseSize } from "./enterprise.js";
