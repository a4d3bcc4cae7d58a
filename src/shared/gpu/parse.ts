/**
 * Reads what a GPU name states: family, form factor, memory, vendor. No hints, no defaults: that is
 * normalize.ts's job. The same reader serves provider names and user queries, so `4090`,
 * `RTX 4090`, `rtx4090` and `NVIDIA GeForce RTX 4090` all land on the same family.
 */
import type { GpuVendor } from '../model';
import { type GpuCatalogEntry, type GpuForm, catalogByAlias, catalogByFamily } from './catalog';

interface ParsedGpuName {
  family: string;
  entry?: GpuCatalogEntry;
  vendor: GpuVendor;
  /** Form factor stated in the name. */
  form?: GpuForm;
  /** Memory per GPU stated in the name (GB). */
  memGb?: number;
  /** `HBM3`, `HBM2E`, `GDDR6X` when stated (H100 80GB HBM3 is the SXM5 part). */
  memType?: string;
  /** A bare `RTX 4000/5000/6000` whose generation (Quadro, Ada, PRO) only the memory size can tell. */
  bareRtx?: string;
}

const NOISE = new Set([
  'TENSOR',
  'CORE',
  'CORES',
  'GENERATION',
  'GEN',
  'EDITION',
  'BLACKWELL',
  'HOPPER',
  'GRACE',
  'AMPERE',
  'LOVELACE',
  'TURING',
  'VOLTA',
  'PASCAL',
  'GPU',
  'GPUS',
  'ACCELERATOR',
  'DATA',
  'CENTER',
  'CENTRE',
  'SUPERCHIP',
  'GRAPHICS',
  'CARD',
  'HGX',
  'DGX',
]);
const NVIDIA_WORDS = new Set(['NVIDIA', 'GEFORCE', 'TESLA']);
const AMD_WORDS = new Set(['AMD', 'INSTINCT', 'RADEON']);
const INTEL_WORDS = new Set(['INTEL']);
const QUADRO_WORDS = new Set(['QUADRO', 'Q']);

/** When a name states several forms ("Max-Q Workstation Edition", "NVL PCIe"), the most specific wins. */
const FORM_PRIORITY: GpuForm[] = ['MAXQ', 'SERVER', 'WS', 'NVL', 'SFF', 'FHHL', 'OAM', 'SXM', 'PCIE'];

interface Tokens {
  names: string[];
  forms: Set<GpuForm>;
  memGb?: number;
  memType?: string;
  vendor?: GpuVendor;
  quadro: boolean;
}

function tokenize(raw: string): Tokens {
  const parts = raw
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const out: Tokens = { names: [], forms: new Set(), quadro: false };
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i] as string;
    const next = parts[i + 1];
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,4})(GB|GIB|G)$/.exec(t))) {
      out.memGb ??= Number(m[1]);
    } else if (/^\d{1,4}$/.test(t) && (next === 'GB' || next === 'GIB')) {
      out.memGb ??= Number(t);
      i++;
    } else if (/^SXM\d?$/.test(t)) out.forms.add('SXM');
    else if (/^PCIE\d?$/.test(t)) out.forms.add('PCIE');
    else if (t === 'PCI') {
      out.forms.add('PCIE');
      if (next === 'E' || next === 'EXPRESS') i++;
    } else if (t === 'NVL') out.forms.add('NVL');
    else if (/^NVL\d+$/.test(t))
      continue; // rack names (GB200 NVL72), not a board form
    else if (t === 'OAM' || t === 'SFF' || t === 'FHHL') out.forms.add(t);
    else if (t === 'MAXQ') out.forms.add('MAXQ');
    else if (t === 'MAX' && next === 'Q') {
      out.forms.add('MAXQ');
      i++;
    } else if (t === 'WORKSTATION' || t === 'WS') out.forms.add('WS');
    else if (t === 'SERVER') out.forms.add('SERVER');
    else if (/^(HBM\d*E?|GDDR\d+X?)$/.test(t)) out.memType ??= t;
    else if (/^\d+X$/.test(t))
      continue; // "8x H100": the count, not the model
    else if (NVIDIA_WORDS.has(t)) out.vendor ??= 'nvidia';
    else if (AMD_WORDS.has(t)) out.vendor ??= 'amd';
    else if (INTEL_WORDS.has(t)) out.vendor ??= 'intel';
    else if (QUADRO_WORDS.has(t)) out.quadro = true;
    else if (NOISE.has(t) || t === 'GB' || t === 'GIB')
      continue; // a unit with no number before it
    else out.names.push(t);
  }
  return out;
}

interface Resolved {
  family: string;
  entry?: GpuCatalogEntry;
  form?: GpuForm;
  bareRtx?: string;
}

function known(family: string, form?: GpuForm): Resolved {
  return { family, entry: catalogByFamily(family), form };
}

const GEFORCE_NUMBER = /^(10|16|20|30|40|50)[5-9]0$/;

function resolveCompact(c: string, quadro: boolean): Resolved | undefined {
  let m: RegExpExecArray | null;
  // RTX PRO (Blackwell workstation); Vast writes the server edition as a trailing "S".
  if ((m = /^(?:RTX)?PRO(\d{4})(S)?$/.exec(c))) return known(`RTX-PRO-${m[1]}`, m[2] ? 'SERVER' : undefined);
  // RTX xxxx Ada; RunPod also lists an "A5000 Ada", which can only be the RTX 5000 Ada.
  if ((m = /^(?:RTX)?A?(\d{4})ADA$/.exec(c))) return known(`RTX-${m[1]}-ADA`);
  // Quadro RTX; a bare "RTX 6000" is the Quadro unless memory says otherwise (see normalize.ts).
  if ((m = /^Q?RTX(4000|5000|6000|8000)$/.exec(c))) {
    const explicit = quadro || c.startsWith('Q');
    return { ...known(`QUADRO-RTX-${m[1]}`), bareRtx: explicit ? undefined : m[1] };
  }
  // RTX A-series (Ampere workstation): "RTX A6000", Lambda's "A6000".
  if ((m = /^(?:RTX)?A(\d{4})$/.exec(c))) return known(`RTX-A${m[1]}`);
  // GeForce: RTX 4090, 4090D, 3080 Ti, 4070 Ti SUPER, Vast's "4070S"/"4080S" (S = SUPER).
  if ((m = /^(RTX|GTX)?(\d{4})(D?)((?:TI|SUPER|S)*)$/.exec(c))) {
    const [, prefix, num, d, suffix] = m as unknown as [string, string | undefined, string, string, string];
    if (prefix || GEFORCE_NUMBER.test(num)) {
      const series = prefix ?? (num.startsWith('10') || num.startsWith('16') ? 'GTX' : 'RTX');
      const ti = suffix.includes('TI') ? '-TI' : '';
      const sup = suffix.replace(/TI/g, '') ? '-SUPER' : ''; // what is left is SUPER or S
      return known(`${series}-${num}${d}${ti}${sup}`);
    }
  }
  const entry = catalogByAlias(c) ?? (c.startsWith('RTX') ? catalogByAlias(c.slice(3)) : undefined);
  // RunPod's "RTX A30" is the A30: an RTX prefix on a data-centre part adds nothing.
  if (entry) return { family: entry.family, entry };
  return undefined;
}

function detectVendor(family: string, tokens: Tokens): GpuVendor {
  if (tokens.vendor) return tokens.vendor;
  if (tokens.quadro || tokens.names.some((n) => /^(RTX|GTX|TITAN|QUADRO)/.test(n))) return 'nvidia';
  if (/^(MI\d|RX-?\d)/.test(family)) return 'amd';
  if (/^(ARC|GAUDI)/.test(family)) return 'intel';
  return 'other';
}

export function parseGpuName(raw: string): ParsedGpuName {
  const tokens = tokenize(raw);
  const c = tokens.names.join('');
  let resolved = c ? resolveCompact(c, tokens.quadro) : undefined;
  let form = FORM_PRIORITY.find((f) => tokens.forms.has(f));
  if (!resolved && c) {
    // Compact spellings with the form glued on: gpuhunt's "H100NVL", "A100SXM4".
    const m = /^(.+?)(SXM\d?|PCIE|NVL|OAM)$/.exec(c);
    const base = m ? resolveCompact(m[1] as string, tokens.quadro) : undefined;
    if (m && base) {
      resolved = base;
      const glued: GpuForm = m[2]?.startsWith('SXM') ? 'SXM' : (m[2] as GpuForm);
      form ??= glued;
    }
  }
  if (resolved?.form) form = resolved.form;
  let family: string;
  if (resolved) family = resolved.family;
  else if (tokens.names.length) family = (tokens.quadro ? ['QUADRO', ...tokens.names] : tokens.names).join('-');
  else family = 'UNKNOWN';
  const entry = resolved?.entry;
  return {
    family,
    entry,
    vendor: entry?.vendor ?? detectVendor(family, tokens),
    form,
    memGb: tokens.memGb,
    memType: tokens.memType,
    bareRtx: resolved?.bareRtx,
  };
}
