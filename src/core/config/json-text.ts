/**
 * Parses JSON text and, when it is not valid, says where: Node's JSON.parse messages carry no line
 * numbers, and a config file is edited by hand. A leading BOM is accepted (Windows editors).
 */
type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/**
 * Deepest nesting a config may have. cloudtop.json needs about 6 levels; validation and `${ENV}`
 * expansion walk the value recursively, so a file nested thousands deep would overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): JsonParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tooDeep = firstTooDeep(src, maxDepth);
  if (tooDeep !== undefined) {
    const before = src.slice(0, tooDeep);
    return {
      ok: false,
      message: `nested more than ${maxDepth} levels deep`,
      line: before.split('\n').length,
      column: tooDeep - before.lastIndexOf('\n'),
    };
  }
  try {
    return { ok: true, value: JSON.parse(src) };
  } catch {
    const { offset, reason } = locate(src);
    const before = src.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, message: reason, line, column };
  }
}

/** A small JSON scanner that only reports the offset and nature of the first error. */
function locate(s: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason };
  };
  const ws = () => {
    while (i < s.length && ' \t\r\n'.includes(s[i]!)) i++;
  };
  const describe = () => (i >= s.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(s[i])}`);
  const literal = (word: string) => {
    if (s.startsWith(word, i)) i += word.length;
    else fail(describe());
  };
  const string = () => {
    i++;
    while (i < s.length && s[i] !== '"') {
      const c = s.charCodeAt(i);
      if (c < 0x20) fail('control character in a string (use \\n for new lines)');
      if (s[i] === '\\') {
        i++;
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail('bad \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(s[i] ?? '')) fail('bad escape in a string');
      }
      i++;
    }
    if (i >= s.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
    if (!m) fail(describe());
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"')
          fail(
            s[i] === '}'
              ? 'trailing comma before "}"'
              : `expected a "quoted" key, found ${describe().replace('unexpected ', '')}`,
          );
        string();
        ws();
        if (s[i] !== ':') fail('expected ":" after the key');
        i++;
        value();
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return;
        }
        fail(`expected "," or "}", found ${describe().replace('unexpected ', '')} (missing comma?)`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] === ']') fail('trailing comma before "]"');
        value();
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return;
        }
        fail(`expected "," or "]", found ${describe().replace('unexpected ', '')}`);
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === '/' && (s[i + 1] === '/' || s[i + 1] === '*'))
      fail('comments are not allowed in JSON (use a "$comment" key)');
    else fail(describe());
  };
  try {
    value();
    ws();
    if (i < s.length) fail('unexpected text after the end of the JSON value');
    return { offset: i, reason: 'invalid JSON' };
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as { offset: number; reason: string };
    return { offset: 0, reason: 'invalid JSON' };
  }
}

/** Offset of the first `{` or `[` nested deeper than `max` (strings skipped), without recursion. */
function firstTooDeep(s: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < s.length && s.charCodeAt(i) !== 0x22; i++) if (s.charCodeAt(i) === 0x5c /* \\ */) i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return undefined;
}
