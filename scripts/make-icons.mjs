#!/usr/bin/env node
/**
 * Draws cloudtop's icons as PNGs with nothing but node:zlib (no image packages): a tiny anti-aliased
 * rasteriser (supersampled coverage of rounded rectangles, circles, rings and strokes) and a PNG
 * encoder (RGBA, filter 0, CRC-32). Output is deterministic, so re-running it changes no bytes.
 *
 *   resources/icon.png                 1024×1024 app icon (electron-builder: mac/win)
 *   resources/icons/<N>x<N>.png        Linux icon set (16…512)
 *   resources/tray/<state>-<light|dark>[@2x].png   Windows/Linux tray (dark glyph for light panels,
 *                                                  light glyph for dark panels)
 *   resources/tray/<state>Template[@2x].png        macOS menu bar template images (black + alpha)
 *
 * States: ok (bars), available (a watched GPU can be rented: green dot), error (red dot; template:
 * a cross), stale (dimmed bars, amber dot; template: dimmed bars and a ring).
 *
 *   node scripts/make-icons.mjs [--check]   --check: fail if a file on disk differs from what would be drawn
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources');

// ── PNG ──────────────────────────────────────────────────────────────────────────────────────────
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ── shapes (unit square coordinates, y down) ─────────────────────────────────────────────────────
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r0, r1) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= r1 * r1 && d >= r0 * r0;
};
const stroke = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
};
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));

function hex(h, a = 1) {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}

/** ops: [{shape, color: [r,g,b,a] | 'clear', gradient?: (x,y)=>[r,g,b,a]}] painted in order. */
function rasterize(size, ops, ss = 4) {
  const px = Buffer.alloc(size * size * 4);
  const acc = new Float64Array(4); // premultiplied r,g,b,a
  for (let py = 0; py < size; py++) {
    for (let pxx = 0; pxx < size; pxx++) {
      acc.fill(0);
      for (const op of ops) {
        let hits = 0;
        for (let sy = 0; sy < ss; sy++) {
          for (let sx = 0; sx < ss; sx++) {
            if (op.shape((pxx + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)) hits++;
          }
        }
        if (!hits) continue;
        const cov = hits / (ss * ss);
        if (op.color === 'clear') {
          for (let i = 0; i < 4; i++) acc[i] *= 1 - cov;
          continue;
        }
        const [r, g, b, a] = op.gradient ? op.gradient((pxx + 0.5) / size, (py + 0.5) / size) : op.color;
        const sa = a * cov;
        acc[0] = r * sa + acc[0] * (1 - sa);
        acc[1] = g * sa + acc[1] * (1 - sa);
        acc[2] = b * sa + acc[2] * (1 - sa);
        acc[3] = sa + acc[3] * (1 - sa);
      }
      const o = (py * size + pxx) * 4;
      const a = acc[3];
      px[o] = a ? Math.round(acc[0] / a) : 0;
      px[o + 1] = a ? Math.round(acc[1] / a) : 0;
      px[o + 2] = a ? Math.round(acc[2] / a) : 0;
      px[o + 3] = Math.round(a * 255);
    }
  }
  return px;
}

// ── the glyph: three bars ("top" for your clouds) and a status badge ─────────────────────────────
const BARS = union(
  roundRect(0.1, 0.56, 0.3, 0.9, 0.05),
  roundRect(0.4, 0.36, 0.6, 0.9, 0.05),
  roundRect(0.7, 0.12, 0.9, 0.9, 0.05),
);
const BADGE = { cx: 0.24, cy: 0.24, r: 0.19 };
const KNOCKOUT = circle(BADGE.cx, BADGE.cy, BADGE.r + 0.08);

const COLORS = {
  light: hex('#1f2937'), // dark glyph for light panels
  dark: hex('#f3f4f6'), // light glyph for dark panels
  template: hex('#000000'),
  available: hex('#16a34a'),
  availableOnDark: hex('#22c55e'),
  error: hex('#dc2626'),
  errorOnDark: hex('#f87171'),
  stale: hex('#d97706'),
  staleOnDark: hex('#fbbf24'),
};

function trayOps(state, variant) {
  const glyph = COLORS[variant];
  const dim = state === 'stale';
  const barColor = [glyph[0], glyph[1], glyph[2], dim ? 0.45 : 1];
  const ops = [{ shape: BARS, color: barColor }];
  if (state === 'ok') return ops;
  ops.push({ shape: KNOCKOUT, color: 'clear' });
  const { cx, cy, r } = BADGE;
  if (variant === 'template') {
    if (state === 'available') ops.push({ shape: circle(cx, cy, r), color: glyph });
    if (state === 'error')
      ops.push({
        shape: union(
          stroke(cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85, 0.11),
          stroke(cx + r * 0.85, cy - r * 0.85, cx - r * 0.85, cy + r * 0.85, 0.11),
        ),
        color: glyph,
      });
    if (state === 'stale') ops.push({ shape: ring(cx, cy, r - 0.09, r), color: glyph });
    return ops;
  }
  const onDark = variant === 'dark';
  const badge = {
    available: onDark ? COLORS.availableOnDark : COLORS.available,
    error: onDark ? COLORS.errorOnDark : COLORS.error,
    stale: onDark ? COLORS.staleOnDark : COLORS.stale,
  }[state];
  ops.push({ shape: circle(cx, cy, r), color: badge });
  return ops;
}

function appIconOps() {
  const top = hex('#1e3a8a');
  const bottom = hex('#0f172a');
  const bg = roundRect(0.06, 0.06, 0.94, 0.94, 0.2);
  const inset = (f) => (x, y) => f((x - 0.22) / 0.56, (y - 0.24) / 0.56);
  const gradient = (_x, y) => top.map((c, i) => (i === 3 ? 1 : c + (bottom[i] - c) * y));
  return [
    { shape: bg, color: top, gradient },
    { shape: inset(BARS), color: hex('#e0f2fe') },
    // The gap around the badge is painted with the background, so it reads as a cut-out.
    { shape: inset(KNOCKOUT), color: top, gradient },
    { shape: inset(circle(BADGE.cx, BADGE.cy, BADGE.r)), color: hex('#22c55e') },
  ];
}

// ── files ────────────────────────────────────────────────────────────────────────────────────────
const STATES = ['ok', 'available', 'error', 'stale'];
const files = new Map();
for (const state of STATES) {
  for (const variant of ['light', 'dark', 'template']) {
    const base = variant === 'template' ? `${state}Template` : `${state}-${variant}`;
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ]) {
      files.set(path.join('tray', `${base}${suffix}.png`), () =>
        encodePng(size, size, rasterize(size, trayOps(state, variant), 8)),
      );
    }
  }
}
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  files.set(path.join('icons', `${size}x${size}.png`), () =>
    encodePng(size, size, rasterize(size, appIconOps(), size <= 64 ? 8 : 3)),
  );
}
files.set('icon.png', () => encodePng(1024, 1024, rasterize(1024, appIconOps(), 2)));

if (process.argv[1] && path.resolve(process.argv[1]) !== fileURLToPath(import.meta.url)) {
  // imported (preview tools): encoder only
} else main();
function main() {
  const check = process.argv.includes('--check');
  let written = 0;
  let differ = 0;
  for (const [rel, draw] of files) {
    const file = path.join(out, rel);
    const bytes = draw();
    const old = fs.existsSync(file) ? fs.readFileSync(file) : null;
    if (old && old.equals(bytes)) continue;
    if (check) {
      differ++;
      console.error(`differs: resources/${rel}`);
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    written++;
  }
  console.log(
    check ? `${files.size} icons checked, ${differ} differ` : `${files.size} icons, ${written} written to resources/`,
  );
  if (check && differ) process.exit(1);
}
