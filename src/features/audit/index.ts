/** The audit feature's public entry: what other features may use. */

