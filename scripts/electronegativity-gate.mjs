#!/usr/bin/env node
/**
 * Electronegativity over the built app (out/: compiled JS and HTML; its TypeScript parser is too old
 * for our sources), gated on its findings because the tool itself always exits 0 (docs/reliability.md
 * §1.2, A11). `npm test`'s `security` step.
 *
 * - Runs the programmatic API (its CLI breaks when a newer `commander` is hoisted next to it) with
 *   LANG=en-US, the Electron version from node_modules/electron, and AvailableSecurityFixesGlobalCheck
 *   excluded (it downloads Electron's release list; no network here).
 * - Writes reports/electronegativity.csv in the tool's own CSV layout plus a `manual_review` column,
 *   and gates on that file. We write it ourselves: the runner's writer issues the header (truncate)
 *   and the rows (append) as two unordered async writes and loses rows now and then — seen on this
 *   machine — and its CSV has no manual-review column.
 * - Fails on any finding of severity ≥ MEDIUM that is not manual-review and not covered by an entry in
 *   .electronegativity-allow.json. Every entry must carry a justification. Manual-review findings are
 *   printed with the entry that reviewed them, or marked "unreviewed".
 *
 *   node scripts/electronegativity-gate.mjs [--input out]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

process.env.LANG = 'en-US';
const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const input = path.resolve(root, args.includes('--input') ? args[args.indexOf('--input') + 1] : 'out');
const csvFile = path.join(root, 'reports', 'electronegativity.csv');
const allowFile = path.join(root, '.electronegativity-allow.json');
const SEVERITY = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

function fail(msg) {
  console.error(`✗ ${msg}`);
  process.exit(1);
}

for (const f of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
  if (!fs.existsSync(path.join(input, f)))
    fail(`${path.relative(root, path.join(input, f))} is missing: run \`npx electron-vite build\` first`);
}

// ── allow-list ──
const allow = JSON.parse(fs.readFileSync(allowFile, 'utf8'));
if (!Array.isArray(allow.entries)) fail('.electronegativity-allow.json: expected {"entries": [...]}');
for (const [i, e] of allow.entries.entries()) {
  if (typeof e.id !== 'string' || !/_CHECK$/.test(e.id)) fail(`allow entry ${i}: "id" must be a check id`);
  if (typeof e.file !== 'string') fail(`allow entry ${i} (${e.id}): "file" (a regular expression) is required`);
  if (typeof e.justification !== 'string' || e.justification.trim().length < 30)
    fail(`allow entry ${i} (${e.id}): a justification of at least a sentence is required`);
  e.re = new RegExp(e.file);
  e.used = 0;
}
const covering = (issue) =>
  allow.entries.find(
    (e) => e.id === issue.id && e.re.test(issue.file) && (e.sample === undefined || issue.sample.includes(e.sample)),
  );

// ── run ──
const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
// The tool's locale loader fetches translations from GitHub with `got` (no network here). On Node 24 got's
// retry after the timeout throws from a timer ("onCancel handler attached after the promise settled") and
// kills the process after the verdict. Give it a `got` that fails at once: it then keeps its bundled en-US.
const gotPath = require.resolve('got', {
  paths: [path.dirname(require.resolve('@doyensec/electronegativity/package.json'))],
});
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(() => Promise.reject(new Error('offline: translations not fetched')), { default: undefined }),
};
require.cache[gotPath].exports.default = require.cache[gotPath].exports;
const run = require('@doyensec/electronegativity/dist/runner.js');
fs.mkdirSync(path.dirname(csvFile), { recursive: true });
fs.rmSync(csvFile, { force: true });
const origLog = console.log;
console.log = () => {}; // the runner prints a locale note; we print the verdict
let result;
try {
  result = await run({
    input,
    isSarif: false,
    isRelative: true,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: electronVersion,
  });
} finally {
  console.log = origLog;
}
if (result.errors.some((e) => !e.tolerable)) {
  fail(`Electronegativity could not parse: ${result.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
}

const q = (v) => (v == null ? 'N/A' : `"${String(v).replace(/"/g, '""')}"`);
const csv = [
  'issue, severity, confidence, filename, location, sample, description, url, manual_review',
  ...result.issues.map((i) =>
    [
      i.id,
      q(i.severity.name),
      q(i.confidence.name),
      q(i.file),
      q(`${i.location.line}:${i.location.column}`),
      q(i.sample),
      q(i.description),
      `https://github.com/doyensec/electronegativity/wiki/${i.id}`,
      i.manualReview === true ? 'true' : 'false',
    ].join(','),
  ),
].join('\n');
fs.writeFileSync(csvFile, `${csv}\n`);

const rows = parseCsv(fs.readFileSync(csvFile, 'utf8')).slice(1);
if (rows.length !== result.issues.length)
  fail(`${path.relative(root, csvFile)}: ${rows.length} rows for ${result.issues.length} findings`);
const findings = rows.map((r) => ({
  id: r[0],
  severity: r[1],
  confidence: r[2],
  file: r[3],
  location: r[4],
  sample: r[5] ?? '',
  manualReview: r[8] === 'true',
}));

let blocking = 0;
console.log(
  `Electronegativity ${result.atomicChecks} atomic + ${result.globalChecks} global checks over ${path.relative(root, input)}/ (Electron ${electronVersion}); ${findings.length} findings`,
);
for (const f of findings.sort((a, b) => SEVERITY[b.severity] - SEVERITY[a.severity] || a.id.localeCompare(b.id))) {
  const entry = covering(f);
  if (entry) entry.used++;
  const serious = (SEVERITY[f.severity] ?? 3) >= SEVERITY.MEDIUM;
  let verdict;
  if (!serious) verdict = 'below MEDIUM';
  else if (entry) verdict = `allowed: ${entry.justification}`;
  else if (f.manualReview) verdict = 'manual review, UNREVIEWED (add an allow entry once reviewed)';
  else {
    verdict = 'BLOCKING';
    blocking++;
  }
  console.log(
    `${verdict === 'BLOCKING' ? '✗' : '·'} ${f.id} ${f.severity}/${f.confidence}${f.manualReview ? ' (manual review)' : ''} ${f.file}:${f.location} — ${verdict}`,
  );
}
for (const e of allow.entries.filter((x) => x.used === 0))
  console.log(`note: allow entry ${e.id} ${e.file} matched nothing (remove it if the finding is gone)`);
console.log(`CSV: ${path.relative(root, csvFile)}`);
if (blocking)
  fail(
    `${blocking} finding(s) of MEDIUM or above that are neither manual-review nor explained in .electronegativity-allow.json`,
  );
console.log('✓ electronegativity gate passed: no unexplained finding of MEDIUM or above');

/** RFC 4180-ish: quoted fields with "" escapes and embedded newlines (samples are code). */
function parseCsv(text) {
  const out = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((x) => x !== '')) out.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field.trim());
    if (row.some((x) => x !== '')) out.push(row);
  }
  return out;
}
