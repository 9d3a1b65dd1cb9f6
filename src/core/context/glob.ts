/**
 * Glob patterns as VS Code's settings write them (`**` any folders, `*` and `?` within a name, `{a,b}`
 * alternatives), matched against a forward-slash path. Used to keep excluded files from ever being opened.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * True when the path (workspace-relative or absolute) matches one of the patterns. A relative pattern without a
 * leading `**` matches from the workspace root; `**` patterns match at any depth of either form.
 */
export function matchesAnyGlob(paths: readonly string[], patterns: readonly string[]): boolean {
  const normalised = paths.map((p) => p.replace(/\\/g, '/'));
  return patterns.some((pattern) => {
    const re = globToRegExp(pattern.replace(/\\/g, '/'));
    return normalised.some((p) => re.test(p) || re.test(p.replace(/^\/+/, '')));
  });
}
