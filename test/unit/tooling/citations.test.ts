/**
 * Comments cite documents that exist in the repository (issue 13): scripts/check-citations.mjs finds
 * every repo path and markdown file a comment names; none may point at nothing. Planted cases prove
 * the checker sees a broken citation, skips URLs and strings, and accepts an extension-less source path.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { brokenCitations } from '../../../scripts/check-citations.mjs';

const check = brokenCitations as (root?: string) => string[];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function repoWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-citations-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

describe('comment citations', () => {
  it('every citation in this repository resolves', () => {
    expect(check()).toEqual([]);
  });

  it('reports a missing doc and a missing path, and nothing in strings, URLs or existing files', () => {
    const dir = repoWith({
      'docs/design.md': '# design\n',
      'src/shared/offers/group.ts': 'export {};\n',
      'src/a.ts': [
        '/** See docs/design.md §2 and src/shared/offers/group (no extension). */',
        '// Facts: reference/providers/nowhere.md and DESIGN.md §6.',
        '// https://example.com/docs/manage/endpoints and owner/repo@abc:docs/tutorial/security.md',
        "const s = 'docs/not-a-comment.md';",
        'export default s;',
      ].join('\n'),
    });
    expect(check(dir)).toEqual([
      'src/a.ts:2: cites reference/providers/nowhere.md, which does not exist',
      'src/a.ts:2: cites DESIGN.md, which is not in the repository',
    ]);
  });
});
