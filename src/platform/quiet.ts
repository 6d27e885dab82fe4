/**
 * When the server is quiet. Some work stops the event loop for a moment that nobody should
 * wait for (a full garbage collection, a model checkpoint's copy): it waits until no
 * request has been under way for a while. The server's middleware reports requests
 * (status polls do not count: monitors send them all the time).
 */
let inFlight = 0;
let lastActive = 0;

/** A request began; the function returned says it ended. */
export function requestStarted(): () => void {
  inFlight++;
  lastActive = performance.now();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
    lastActive = performance.now();
  };
}

/**
 * Runs `fn` once no request has been under way for `quietMs` (looking every second), or
 * after `latestMs` whatever happens. The timers do not keep the process alive.
 */
export function whenQuiet(fn: () => void, quietMs = 2_000, latestMs = 60_000): void {
  const until = performance.now() + latestMs;
  const look = () => {
    const now = performance.now();
    if ((inFlight === 0 && now - lastActive >= quietMs) || now >= until) fn();
    else setTimeout(look, 1_000).unref();
  };
  setTimeout(look, quietMs).unref();
}
