import ranks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { packRanks, type RankTable } from './rankTable';

/**
 * The o200k vocabulary (gpt-tokenizer's copy of OpenAI's o200k_base) as a `RankTable`. This is the source form, for
 * the tests; the bundles replace this module with the table packed at build time (scripts/compressedRanksPlugin.js),
 * so the extension never holds the vocabulary as 200k strings.
 */
export const o200kTable = (): RankTable => packRanks(ranks);
