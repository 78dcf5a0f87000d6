/** p50 and p95 of a piece of server work, in ms: 2 warm-up runs (caches and plans), then `runs` timed ones. */
export interface Timing {
  p50: number;
  p95: number;
}

export async function percentiles(run: () => Promise<unknown>, runs = 20): Promise<Timing> {
  for (let i = 0; i < 2; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}
