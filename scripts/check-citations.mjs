#!/usr/bin/env node
/**
 * Comments cite documents that exist in the repository: every repo path a comment names
 * (`src/core/create-core.ts`, `docs/architecture.md`, `test/fixtures/specs/...`) and every
 * markdown file it names (`architecture.md §2`) must resolve to a tracked file or folder.
 * URLs are not citations of the repository and are skipped. Exit 1 with one line per broken citation.
 *
 *   node scripts/check-citations.mjs        (also run by test/unit/tooling/citations.test.ts)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOTS = ['src', 'test', 'bench', 'scripts', 'bin', 'eslint.config.js', 'eslint.layers.js', 'vitest.config.ts'];
const PATH_RE = /(?<![\w./:@-])((?:src|test|docs|scripts|bench|bin|reference|e2e)\/[\w./@-]*[\w/])/g;
const REPO_ROOT_RE = /^(?:src|test|docs|scripts|bench|bin|reference|e2e)\//;
const DOC_RE = /(?<![\w./:@-])((?:[\w-]+\/)*[A-Za-z][\w-]*\.md)\b/g;
/** A cited source file may leave out its extension (`src/shared/offers/group`). */
const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js'];

/** Every comment in a file, found through the syntax tree (strings and regexes are never mistaken for one). */
export function commentsOf(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const seen = new Set();
  const out = [];
  const take = (ranges) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push({ pos: r.pos, text: text.slice(r.pos, r.end) });
    }
  };
  const visit = (node) => {
    take(ts.getLeadingCommentRanges(text, node.pos));
    take(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  take(ts.getLeadingCommentRanges(text, sf.endOfFileToken.pos));
  return out.map((c) => ({ line: sf.getLineAndCharacterOfPosition(c.pos).line + 1, text: c.text }));
}

/** The broken citations in the repository at `root`: `file:line: cites X, which does not exist`. */
export function brokenCitations(root = process.cwd()) {
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .filter((f) => fs.existsSync(`${root}/${f}`));
  const exists = new Set(tracked);
  for (const f of tracked) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) exists.add(f.slice(0, i));
  const docNames = new Set(tracked.filter((f) => f.endsWith('.md')).map((f) => f.split('/').pop()));
  const sources = tracked.filter(
    (f) => ROOTS.some((r) => f === r || f.startsWith(`${r}/`)) && /\.(ts|tsx|mjs|js|cjs)$/.test(f),
  );
  const broken = [];
  for (const file of sources) {
    const text = fs.readFileSync(`${root}/${file}`, 'utf8');
    for (const c of commentsOf(file, text)) {
      const lines = c.text.split('\n');
      lines.forEach((l, i) => {
        const at = `${file}:${c.line + i}`;
        for (const m of l.matchAll(PATH_RE)) {
          const p = m[1].replace(/[.]+$/, '').replace(/\/$/, '');
          if (/[<*{]/.test(l.slice(m.index, m.index + m[0].length + 1))) continue;
          if (!EXTENSIONS.some((x) => exists.has(p + x))) broken.push(`${at}: cites ${p}, which does not exist`);
        }
        for (const m of l.matchAll(DOC_RE)) {
          if (REPO_ROOT_RE.test(m[1])) continue; // a repo path: checked above
          if (!docNames.has(m[1].split('/').pop())) broken.push(`${at}: cites ${m[1]}, which is not in the repository`);
        }
      });
    }
  }
  return broken;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const broken = brokenCitations();
  for (const b of broken) console.error(b);
  if (broken.length) {
    console.error(`${broken.length} comment citation(s) point at nothing in the repository`);
    process.exit(1);
  }
  console.error('check-citations: every cited repository path exists');
}
