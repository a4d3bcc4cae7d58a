#!/usr/bin/env node
/**
 * Secret scan of the repository (issue #2 item 10): every tracked (and new, not ignored) file is
 * searched for credential-shaped strings. Tests must build planted secrets at run time, never
 * commit them. A deliberate exception goes in .secret-scan-allow as `path: reason`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const RULES = [
  { name: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'OpenAI-style key', re: /\bsk-(?:proj-)?[A-Za-z0-9]{32,}\b/ },
  { name: 'Neon API key', re: /\bnapi_[a-z0-9]{40,}\b/ },
  { name: 'RunPod API key', re: /\brpa_[A-Z0-9]{30,}\b/ },
  {
    name: 'Bearer header with a literal token',
    re: /Authorization['"]?\s*[:=]\s*['"`]Bearer [A-Za-z0-9_\-.]{24,}['"`]/,
  },
  {
    name: 'assigned credential literal',
    re: /\b(?:api[_-]?key|api[_-]?token|secret|password)\b['"]?\s*[:=]\s*['"][A-Za-z0-9_\-+/=]{32,}['"]/i,
  },
];

const allow = new Map();
if (fs.existsSync('.secret-scan-allow')) {
  for (const line of fs.readFileSync('.secret-scan-allow', 'utf8').split('\n')) {
    const m = /^([^#:][^:]*):\s*(.+)$/.exec(line.trim());
    if (m) allow.set(m[1].trim(), m[2].trim());
  }
}

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const findings = [];
for (const file of files) {
  if (allow.has(file) || !fs.existsSync(file)) continue;
  const st = fs.statSync(file);
  if (!st.isFile() || st.size > 2_000_000) continue;
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes('\u0000')) continue; // binary
  // A PEM header alone (placeholders, docs) is not a key; a header followed by a real base64 body is.
  for (const m of text.matchAll(
    /-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----(?:\\n|\s)+((?:[A-Za-z0-9+/=]{40,}(?:\\n|\s)+){8,})/g,
  )) {
    findings.push(`${file}:${text.slice(0, m.index).split('\n').length}: private key block`);
  }
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const r of RULES) if (r.re.test(line)) findings.push(`${file}:${i + 1}: ${r.name}`);
  });
}
if (findings.length) {
  console.error(`secret scan: ${findings.length} finding(s):\n  ${findings.join('\n  ')}`);
  console.error('Build planted test secrets at run time, or add `path: reason` to .secret-scan-allow.');
  process.exit(1);
}
console.error(`secret scan: ${files.length} files clean`);
