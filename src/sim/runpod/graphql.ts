/**
 * Just enough of RunPod's GraphQL API (retires early 2027) for what v2 lacks — spot prices — and for
 * the documented example queries in test/fixtures/specs/runpod/graphql-examples.json: a small
 * selection-set parser and resolvers for `gpuTypes` (with `lowestPrice`). No variables, fragments
 * or mutations. Errors come back as HTTP 200 `{errors: [{message}]}`, like the real API.
 */
import { LEVELS, type Level, type SimGpuType, type Tier } from './data';

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

export interface Field {
  name: string;
  args: Record<string, Value>;
  selections: Field[];
}

class ParseError extends Error {}

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:(#[^\n]*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([{}():,[\]$!=@.]))/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(src)) !== null) {
    last = re.lastIndex;
    if (m[1]) continue;
    const tok = m[2] ?? m[3] ?? m[4] ?? m[5];
    if (tok !== undefined) tokens.push(tok);
  }
  if (src.slice(last).trim().length > 0)
    throw new ParseError(`Syntax Error: unexpected character near "${src.slice(last, last + 10)}"`);
  return tokens;
}

/** Parses `query Name { … }`, `query { … }` or `{ … }` into the root selection set. */
export function parseQuery(src: string): Field[] {
  const t = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const next = (): string => {
    const tok = t[i++];
    if (tok === undefined) throw new ParseError('Syntax Error: unexpected end of document');
    return tok;
  };
  const expect = (tok: string): void => {
    const got = next();
    if (got !== tok) throw new ParseError(`Syntax Error: expected "${tok}", found "${got}"`);
  };
  const value = (): Value => {
    const tok = next();
    if (tok === '$') throw new ParseError('variables are not supported by the simulator');
    if (tok.startsWith('"')) return JSON.parse(tok) as string;
    if (/^-?\d/.test(tok)) return Number(tok);
    if (tok === 'true' || tok === 'false') return tok === 'true';
    if (tok === 'null') return null;
    if (tok === '[') {
      const arr: Value[] = [];
      while (peek() !== ']') {
        arr.push(value());
        if (peek() === ',') next();
      }
      next();
      return arr;
    }
    if (tok === '{') {
      const obj: Record<string, Value> = {};
      while (peek() !== '}') {
        const k = next();
        expect(':');
        obj[k] = value();
        if (peek() === ',') next();
      }
      next();
      return obj;
    }
    return tok; // enum value
  };
  const selectionSet = (): Field[] => {
    expect('{');
    const fields: Field[] = [];
    while (peek() !== '}') {
      const name = next();
      if (!/^[A-Za-z_]/.test(name)) throw new ParseError(`Syntax Error: unexpected "${name}"`);
      const args: Record<string, Value> = {};
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const k = next();
          expect(':');
          args[k] = value();
          if (peek() === ',') next();
        }
        next();
      }
      fields.push({ name, args, selections: peek() === '{' ? selectionSet() : [] });
      if (peek() === ',') next();
    }
    next();
    return fields;
  };
  if (peek() === 'query') {
    next();
    if (peek() !== '{') next(); // operation name
  } else if (peek() === 'mutation' || peek() === 'subscription') {
    throw new ParseError('the simulator only answers queries');
  }
  const root = selectionSet();
  if (i !== t.length) throw new ParseError('Syntax Error: unexpected content after the operation');
  return root;
}

interface GraphqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

const stockWord: Record<Level, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', NONE: 'None' };

export function executeQuery(src: string, gpuTypes: Iterable<SimGpuType>): GraphqlResult {
  let root: Field[];
  try {
    root = parseQuery(src);
  } catch (e) {
    return { errors: [{ message: e instanceof Error ? e.message : 'Syntax Error' }] };
  }
  const data: Record<string, unknown> = {};
  const errors: { message: string }[] = [];
  for (const f of root) {
    if (f.name !== 'gpuTypes') {
      errors.push({ message: `Cannot query field "${f.name}" on type "Query".` });
      continue;
    }
    const input = (f.args.input ?? {}) as Record<string, Value>;
    const ids = new Set<string>([
      ...(typeof input.id === 'string' ? [input.id] : []),
      ...(Array.isArray(input.ids) ? input.ids.map(String) : []),
    ]);
    const types = [...gpuTypes].filter((t) => ids.size === 0 || ids.has(t.id));
    try {
      data[f.name] = types.map((t) => resolveGpuType(t, f.selections));
    } catch (e) {
      errors.push({ message: e instanceof Error ? e.message : 'resolver error' });
    }
  }
  return errors.length > 0 ? { data: null, errors } : { data };
}

function resolveGpuType(t: SimGpuType, sel: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of sel) {
    switch (f.name) {
      case 'id':
        out.id = t.id;
        break;
      case 'displayName':
        out.displayName = t.name;
        break;
      case 'memoryInGb':
        out.memoryInGb = t.memory;
        break;
      case 'manufacturer':
        out.manufacturer = t.manufacturer === 'AMD' ? 'AMD' : 'Nvidia';
        break;
      case 'secureCloud':
        out.secureCloud = t.maxCount.secure > 0 && t.price.secure > 0;
        break;
      case 'communityCloud':
        out.communityCloud = t.maxCount.community > 0 && t.price.community > 0;
        break;
      case 'securePrice':
        out.securePrice = t.price.secure;
        break;
      case 'communityPrice':
        out.communityPrice = t.price.community;
        break;
      case 'secureSpotPrice':
        out.secureSpotPrice = t.spot.secure ?? null;
        break;
      case 'communitySpotPrice':
        out.communitySpotPrice = t.spot.community ?? null;
        break;
      case 'maxGpuCount':
        out.maxGpuCount = Math.max(t.maxCount.secure, t.maxCount.community);
        break;
      case 'maxGpuCountSecureCloud':
        out.maxGpuCountSecureCloud = t.maxCount.secure;
        break;
      case 'maxGpuCountCommunityCloud':
        out.maxGpuCountCommunityCloud = t.maxCount.community;
        break;
      case 'lowestPrice':
        out.lowestPrice = resolveLowestPrice(t, f);
        break;
      default:
        throw new Error(`Cannot query field "${f.name}" on type "GpuType".`);
    }
  }
  return out;
}

function resolveLowestPrice(t: SimGpuType, f: Field): Record<string, unknown> | null {
  const input = (f.args.input ?? {}) as Record<string, Value>;
  const count = typeof input.gpuCount === 'number' ? input.gpuCount : 1;
  const tiers: Tier[] =
    input.secureCloud === true ? ['SECURE'] : input.secureCloud === false ? ['COMMUNITY'] : ['SECURE', 'COMMUNITY'];
  let best: { tier: Tier; level: Level; free: number } | undefined;
  for (const tier of tiers) {
    const key = tier === 'SECURE' ? 'secure' : 'community';
    if (!(t.maxCount[key] >= count && t.price[key] > 0)) continue;
    for (const s of Object.values(t.stock[tier])) {
      const level: Level = s.level !== 'NONE' && s.free >= count ? s.level : 'NONE';
      if (
        !best ||
        LEVELS.indexOf(level) > LEVELS.indexOf(best.level) ||
        (level === best.level && t.price[key] < t.price[best.tier === 'SECURE' ? 'secure' : 'community'])
      )
        best = { tier, level, free: s.free };
    }
  }
  if (!best) return null;
  const key = best.tier === 'SECURE' ? 'secure' : 'community';
  const out: Record<string, unknown> = {};
  for (const s of f.selections) {
    switch (s.name) {
      case 'stockStatus':
        out.stockStatus = stockWord[best.level];
        break;
      case 'uninterruptablePrice':
        out.uninterruptablePrice = t.price[key];
        break;
      case 'minimumBidPrice':
        out.minimumBidPrice = t.spot[key] ?? null;
        break;
      case 'availableGpuCounts':
        out.availableGpuCounts = Array.from({ length: best.level === 'NONE' ? 0 : best.free }, (_, i) => i + 1);
        break;
      case 'maxUnreservedGpuCount':
        out.maxUnreservedGpuCount = best.level === 'NONE' ? 0 : best.free;
        break;
      case 'gpuName':
        out.gpuName = t.name;
        break;
      case 'gpuTypeId':
        out.gpuTypeId = t.id;
        break;
      default:
        throw new Error(`Cannot query field "${s.name}" on type "LowestPrice".`);
    }
  }
  return out;
}
