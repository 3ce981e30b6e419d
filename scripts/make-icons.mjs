#!/usr/bin/env node
/**
 * Draws Tabula's icons as PNG files, from code, without network or dependencies:
 *
 *   node scripts/make-icons.mjs [OUT_DIR]      (default build/icons)
 *
 *   OUT_DIR/icon.png                                  1024×1024 app icon (electron-builder: icns, ico, Linux set)
 *   OUT_DIR/tray/tray-<state>.png, …@2x.png           16 px (+32): Windows tray, in colour
 *   OUT_DIR/tray/tray-<state>-32.png, …-32@2x.png     32 px (+64): Linux tray, in colour
 *   OUT_DIR/tray/tray-<state>Template.png, …@2x.png   16 px (+32): macOS menu bar, black + alpha
 *
 * States (main/app/tray-state.ts TRAY_LEVELS): ok (check mark), busy (three dots: wiping),
 * attention (exclamation mark: failed, partial or not yet clean), offline (slashed ring: agent
 * unreachable). Each state differs by shape, not only by colour, so the monochrome macOS
 * template images and colour-blind staff read them too. Deterministic: pure arithmetic, fixed
 * zlib settings, no timestamps; running it again writes identical bytes.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const STATES = ['ok', 'busy', 'attention', 'offline'];
const COLOURS = { ok: [0x1e, 0x8e, 0x3e], busy: [0x1a, 0x73, 0xe8], attention: [0xd9, 0x30, 0x25], offline: [0x70, 0x75, 0x7a] };
const SUPERSAMPLE = 4;

// ---- PNG encoding -------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
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
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (Uint8Array, w·h·4) → PNG bytes: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const idat = deflateSync(raw, { level: 9, memLevel: 9, strategy: 0 });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

// ---- Shapes in unit coordinates (0..1, y down) ---------------------------------------------------

function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const stroke = (points, w) => (x, y) => {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (segDist(x, y, a[0], a[1], b[0], b[1]) <= w / 2) return true;
  }
  return false;
};
const any =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
function roundRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return Math.hypot(x - cx, y - cy) <= r;
  };
}

/** The white glyph drawn on (colour) or cut out of (template) the state's disc. */
const GLYPHS = {
  ok: stroke(
    [
      [0.27, 0.52],
      [0.43, 0.68],
      [0.74, 0.34],
    ],
    0.15,
  ),
  busy: any(disc(0.26, 0.5, 0.085), disc(0.5, 0.5, 0.085), disc(0.74, 0.5, 0.085)),
  attention: any(
    stroke(
      [
        [0.5, 0.24],
        [0.5, 0.56],
      ],
      0.15,
    ),
    disc(0.5, 0.75, 0.085),
  ),
  offline: () => false,
};

/** [background, glyph] shapes per state; offline is a slashed ring instead of a filled disc. */
function stateShapes(state) {
  if (state === 'offline')
    return [
      any(
        ring(0.5, 0.5, 0.38, 0.13),
        stroke(
          [
            [0.24, 0.76],
            [0.76, 0.24],
          ],
          0.13,
        ),
      ),
      GLYPHS.offline,
    ];
  return [disc(0.5, 0.5, 0.47), GLYPHS[state]];
}

/** Coverage (0..1) of a shape over pixel (px, py) of a size×size image. */
function coverage(shape, px, py, size) {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      if (shape((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

/** A tray icon: colour (disc in the state colour, white glyph) or template (black, glyph cut out). */
export function trayPixels(state, size, template) {
  const [back, glyph] = stateShapes(state);
  const [r, g, b] = template ? [0, 0, 0] : COLOURS[state];
  const out = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(back, x, y, size);
      const gl = Math.min(a, coverage(glyph, x, y, size));
      const i = (y * size + x) * 4;
      if (template) {
        out.set([0, 0, 0, Math.round((a - gl) * 255)], i);
      } else {
        // White glyph over the coloured disc; alpha is the disc's coverage.
        const mix = a > 0 ? gl / a : 0;
        out.set([r + (255 - r) * mix, g + (255 - g) * mix, b + (255 - b) * mix].map(Math.round).concat(Math.round(a * 255)), i);
      }
    }
  }
  return out;
}

/** The app icon: a dark slate (rounded square) with a white frame and a green check: "wiped clean". */
export function appIconPixels(size) {
  const slate = roundRect(0.06, 0.06, 0.94, 0.94, 0.18);
  const frame = (x, y) => roundRect(0.2, 0.22, 0.8, 0.78, 0.06)(x, y) && !roundRect(0.25, 0.27, 0.75, 0.73, 0.03)(x, y);
  const check = stroke(
    [
      [0.36, 0.5],
      [0.46, 0.6],
      [0.66, 0.39],
    ],
    0.075,
  );
  const out = new Uint8Array(size * size * 4);
  const ss = 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = (x + (sx + 0.5) / ss) / size;
          const v = (y + (sy + 0.5) / ss) / size;
          if (!slate(u, v)) continue;
          const c = check(u, v) ? [0x34, 0xc7, 0x59] : frame(u, v) ? [0xf1, 0xf3, 0xf4] : [0x1f, 0x3a, 0x4d];
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      out.set(a === 0 ? [0, 0, 0, 0] : [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / (ss * ss)) * 255)], i);
    }
  }
  return out;
}

/** Every file this script writes, relative to OUT_DIR, with its pixel size. */
export function iconFiles() {
  const files = [{ file: 'icon.png', size: 1024, draw: () => appIconPixels(1024) }];
  for (const state of STATES) {
    for (const [suffix, size, template] of [
      ['', 16, false],
      ['@2x', 32, false],
      ['-32', 32, false],
      ['-32@2x', 64, false],
      ['Template', 16, true],
      ['Template@2x', 32, true],
    ]) {
      files.push({ file: `tray/tray-${state}${suffix}.png`, size, draw: () => trayPixels(state, size, template) });
    }
  }
  return files;
}

function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'build', 'icons'));
  mkdirSync(path.join(out, 'tray'), { recursive: true });
  for (const { file, size, draw } of iconFiles()) writeFileSync(path.join(out, file), encodePng(size, size, draw()));
  console.log(`make-icons: ${iconFiles().length} files in ${path.relative(process.cwd(), out) || '.'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
