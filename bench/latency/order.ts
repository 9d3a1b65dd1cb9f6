/**
 * The order the compared extensions stream in, repetition by repetition: every other repetition in reverse, so that
 * neither always goes first. Position mattered: in by-hand A/Bs the build that streamed first after the other's
 * answer was measured differently, and --ab used to always run this checkout first.
 */
export function inTurn<T>(items: readonly T[], rep: number): T[] {
  return rep % 2 === 1 ? [...items] : [...items].reverse();
}
