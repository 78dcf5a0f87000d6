"use client";

import { useSyncExternalStore } from "react";

function subscribe(tick: () => void) {
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}

const currentSecond = () => Math.floor(Date.now() / 1000) * 1000;

/**
 * The time now, to the second, re-rendering once a second; null on the server and in the first
 * render, so a countdown never differs between the server's HTML and the browser's.
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, currentSecond, () => null);
}
