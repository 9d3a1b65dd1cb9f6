/**
 * The order compared pages or builds run in, round by round (bench:render's renderers, bench:latency's --ab builds):
 * round 1 in the given order, round 2 reversed, and so on, so that none is always first. Position mattered: in
 * by-hand A/Bs the build that streamed first after the other's answer was measured differently.
 */
export function inTurn<T>(items: readonly T[], rep: number): T[] {
  return rep % 2 === 1 ? [...items] : [...items].reverse();
}
