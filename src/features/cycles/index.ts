/** The cycles feature's public entry: what other features and the composition roots use. */
