/**
 * The official AWS service models (botocore `service-2.json`, trimmed copies in
 * test/fixtures/specs/aws) as a test oracle: renders model-shaped values (botocore `examples-1.json`
 * outputs) in the EC2 XML wire form, and checks simulator answers element by element against the
 * operation's output shape (EC2: `locationName`s and `<item>` lists; JSON: member names and types).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ModelShape {
  type: string;
  members?: Record<string, { shape: string; locationName?: string }>;
  member?: { shape: string; locationName?: string };
  key?: { shape: string };
  value?: { shape: string };
  required?: string[];
  min?: number;
  max?: number;
  enum?: string[];
}
export interface Model {
  metadata: Record<string, unknown>;
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, ModelShape>;
}

const SPECS = fileURLToPath(new URL('../fixtures/specs/aws/', import.meta.url));
export function loadModel(file: string): Model {
  return JSON.parse(fs.readFileSync(path.join(SPECS, file), 'utf8')) as Model;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** A model-shaped value (SDK member names) → EC2 XML body of `shapeName`, as EC2 would send it. */
export function ec2Xml(model: Model, shapeName: string, value: unknown): string {
  const s = model.shapes[shapeName]!;
  if (s.type === 'structure') {
    return Object.entries(s.members ?? {})
      .filter(([k]) => (value as Record<string, unknown>)[k] !== undefined)
      .map(([k, m]) => {
        const tag = m.locationName ?? lowerFirst(k);
        return `<${tag}>${ec2Xml(model, m.shape, (value as Record<string, unknown>)[k])}</${tag}>`;
      })
      .join('');
  }
  if (s.type === 'list')
    return (value as unknown[]).map((v) => `<item>${ec2Xml(model, s.member!.shape, v)}</item>`).join('');
  return xmlEscape(String(value));
}

/** Problems of a parsed EC2 XML answer (`parseXML` output) against the output shape; [] when it conforms. */
export function checkEc2Xml(model: Model, shapeName: string, value: unknown, at = ''): string[] {
  const s = model.shapes[shapeName];
  if (!s) return [`${at}: unknown shape ${shapeName}`];
  if (s.type === 'structure') {
    if (value === '') return [];
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return [`${at}: expected an element with children`];
    const byTag = new Map(Object.entries(s.members ?? {}).map(([k, m]) => [m.locationName ?? lowerFirst(k), m.shape]));
    const out: string[] = [];
    for (const [tag, v] of Object.entries(value as Record<string, unknown>)) {
      if (tag === 'xmlns' || (at === '' && tag === 'requestId')) continue;
      const shape = byTag.get(tag);
      if (!shape) out.push(`${at}/${tag}: not a member of ${shapeName}`);
      else out.push(...checkEc2Xml(model, shape, v, `${at}/${tag}`));
    }
    return out;
  }
  if (s.type === 'list') {
    if (value === '') return [];
    if (!value || typeof value !== 'object') return [`${at}: expected <item> children`];
    const keys = Object.keys(value as object);
    if (keys.some((k) => k !== 'item')) return [`${at}: list children must be <item>, got ${keys.join(',')}`];
    const items = (value as { item: unknown }).item;
    return (Array.isArray(items) ? items : [items]).flatMap((v, i) =>
      checkEc2Xml(model, s.member!.shape, v, `${at}[${i}]`),
    );
  }
  if (typeof value !== 'string') return [`${at}: expected text`];
  if (['integer', 'long'].includes(s.type) && !/^-?\d+$/.test(value))
    return [`${at}: expected an integer, got ${value}`];
  if (s.type === 'boolean' && !/^(true|false)$/.test(value)) return [`${at}: expected a boolean`];
  if (s.type === 'timestamp' && !Number.isFinite(Date.parse(value))) return [`${at}: expected a timestamp`];
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${value} not in ${s.enum.join('|')}`];
  return [];
}

/** Problems of a JSON-protocol answer against the output shape; [] when it conforms. */
export function checkJson(model: Model, shapeName: string, value: unknown, at = ''): string[] {
  const s = model.shapes[shapeName];
  if (!s) return [`${at}: unknown shape ${shapeName}`];
  switch (s.type) {
    case 'structure': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
      const out: string[] = [];
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const m = s.members?.[k];
        if (!m) out.push(`${at}.${k}: not a member of ${shapeName}`);
        else out.push(...checkJson(model, m.shape, v, `${at}.${k}`));
      }
      for (const r of s.required ?? [])
        if ((value as Record<string, unknown>)[r] === undefined) out.push(`${at}.${r}: required`);
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      if (s.max !== undefined && value.length > s.max) return [`${at}: more than ${s.max} items`];
      return value.flatMap((v, i) => checkJson(model, s.member!.shape, v, `${at}[${i}]`));
    case 'map':
      if (!value || typeof value !== 'object') return [`${at}: expected an object`];
      return Object.values(value as object).flatMap((v) => checkJson(model, s.value!.shape, v, `${at}{}`));
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string`];
      if (s.enum && !s.enum.includes(value)) return [`${at}: ${value} not in ${s.enum.join('|')}`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'timestamp':
      // AWS JSON protocols send epoch seconds.
      return typeof value === 'number' ? [] : [`${at}: expected epoch seconds`];
    default:
      if (typeof value !== 'number') return [`${at}: expected a number`];
      if (s.min !== undefined && value < s.min) return [`${at}: below ${s.min}`];
      if (s.max !== undefined && value > s.max) return [`${at}: above ${s.max}`];
      return [];
  }
}
