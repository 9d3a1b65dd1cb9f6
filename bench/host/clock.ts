/**
 * The clock both processes of bench:host stamp with: CLOCK_MONOTONIC through process.hrtime, in milliseconds. The
 * provider server runs in a child process (so its CPU is not counted as the host's), and this clock is the same in
 * both processes on Linux, so a server write and a panel message are comparable.
 */
export const stampNow = (): number => Number(process.hrtime.bigint()) / 1e6;
