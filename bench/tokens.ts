/** A realistic answer cut into real o200k tokens (the tokenizer of current OpenAI models), as a model streams it. */
import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { AnswerGenerator } from './answerGenerator';

export function answerTokens(count: number, seed = 2024): string[] {
  const text = new AnswerGenerator(seed).answer(count * 6);
  const ids = encode(text).slice(0, count);
  if (ids.length < count) throw new Error(`generated only ${ids.length} tokens`);
  return ids.map((id) => decode([id]));
}
