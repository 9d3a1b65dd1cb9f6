/**
 * Removes secrets from text bound for logs: the exact keys in use, and anything shaped like a provider key (some
 * error bodies echo a key back, e.g. OpenAI's "Incorrect API key provided: sk-…").
 */
const KEY_SHAPES = [/sk-ant-[A-Za-z0-9_*.-]{6,}/g, /sk-[A-Za-z0-9_*.-]{6,}/g, /\b(Bearer|x-api-key:?)\s+[A-Za-z0-9_*.-]{6,}/gi];

export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted key]');
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, (m) => (m.toLowerCase().startsWith('bearer') || m.toLowerCase().startsWith('x-api-key') ? `${m.split(/\s+/)[0]} [redacted]` : '[redacted key]'));
  return out;
}
