import { describe, expect, it } from 'vitest';
import { expandEnv } from '../../../../src/core/config/expand';

describe('expandEnv', () => {
  const env = { TOKEN: 'tok-123', EMPTY: '', REGION: 'eu' };

  it('expands ${VAR} inside strings at any depth, never keys', () => {
    const r = expandEnv({ a: 'Bearer ${TOKEN}', list: ['${REGION}-1', 5, true, null], '${TOKEN}': 'k' }, env);
    expect(r.value).toEqual({ a: 'Bearer tok-123', list: ['eu-1', 5, true, null], '${TOKEN}': 'k' });
    expect(r.issues).toEqual([]);
    expect([...r.expandedPaths]).toEqual(['a', 'list[0]']);
  });

  it('${VAR:-default} uses the default when unset or empty', () => {
    const r = expandEnv({ a: '${NOPE:-fallback}', b: '${EMPTY:-dflt}', c: '${REGION:-x}', d: '${NOPE:-}' }, env);
    expect(r.value).toEqual({ a: 'fallback', b: 'dflt', c: 'eu', d: '' });
    expect(r.issues).toEqual([]);
  });

  it('a missing variable is an issue naming the JSON path and the variable', () => {
    const r = expandEnv(
      { providers: { vastai: { accounts: { default: { apiKey: '${VAST_KEY}' } } } }, w: [{ n: '${A} ${B}' }] },
      env,
    );
    expect(r.issues).toEqual([
      {
        path: 'providers.vastai.accounts.default.apiKey',
        message: expect.stringContaining('environment variable VAST_KEY is not set'),
      },
      { path: 'w[0].n', message: expect.stringContaining('A is not set') },
      { path: 'w[0].n', message: expect.stringContaining('B is not set') },
    ]);
  });

  it('an empty but set variable is a value, not an error', () => {
    expect(expandEnv({ a: '${EMPTY}' }, env)).toMatchObject({ value: { a: '' }, issues: [] });
  });

  it('$${ is a literal ${; unterminated and invalid names are issues', () => {
    expect(expandEnv({ a: 'cost $${X}' }, env).value).toEqual({ a: 'cost ${X}' });
    expect(expandEnv({ a: 'oops ${TOKEN' }, env).issues[0]!.message).toMatch(/unterminated/);
    expect(expandEnv({ a: '${1BAD}' }, env).issues[0]!.message).toMatch(/not a valid environment variable name/);
  });

  it('leaves $comment and $schema alone', () => {
    const r = expandEnv({ $comment: 'use ${NAME}', $schema: './${X}.json' }, env);
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual({ $comment: 'use ${NAME}', $schema: './${X}.json' });
  });
});
