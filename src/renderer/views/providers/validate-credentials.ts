/**
 * Client-side checks for credential forms, built from ProviderInfo.credentialFields. The core
 * validates again (and tests against the provider); these catch typos before anything is sent.
 */
import type { CredentialFieldInfo, CredentialStatus } from '../../../shared/model';

const MAX = 16_384;
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export type FieldErrors = Record<string, string>;

/** Values as they will be sent: single-line fields trimmed, CRLF normalised, empty ones dropped. */
export function cleanValues(
  fields: readonly CredentialFieldInfo[],
  raw: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = raw[f.name] ?? '';
    const clean = f.multiline ? v.replace(/\r\n/g, '\n').trim() : v.trim();
    if (clean) out[f.name] = f.multiline ? `${clean}\n` : clean;
  }
  return out;
}

/**
 * `forSave`: a required field must end up configured (already stored, or entered now). A test
 * with nothing entered tests what is stored, so it needs nothing.
 */
export function validateCredentials(
  fields: readonly CredentialFieldInfo[],
  raw: Record<string, string>,
  status: CredentialStatus | undefined,
  forSave: boolean,
): FieldErrors {
  const errors: FieldErrors = {};
  const values = cleanValues(fields, raw);
  const entered = Object.keys(values).length > 0;
  for (const f of fields) {
    const v = values[f.name];
    const stored = status?.fields.find((x) => x.name === f.name)?.configured ?? false;
    if (v === undefined) {
      if (!f.optional && !stored && (forSave || entered)) errors[f.name] = 'Required';
      continue;
    }
    if (v.length > MAX) errors[f.name] = `Too long (max ${MAX} characters)`;
    else if (f.multiline && /private\s*key|pem/i.test(`${f.name} ${f.label}`) && !PEM.test(v))
      errors[f.name] = 'Paste the whole PEM block, including the BEGIN and END lines';
    else if (!f.multiline && CONTROL.test(v)) errors[f.name] = 'Contains line breaks or control characters';
    else if (!f.multiline && f.secret && /\s/.test(v)) errors[f.name] = 'Contains spaces: check what was pasted';
  }
  if (forSave && !entered) errors._form = 'Enter at least one value to save';
  return errors;
}
