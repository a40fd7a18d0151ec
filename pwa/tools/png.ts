/**
 * A tiny PNG encoder and the drawing of the app icons, so the icons are generated at build time
 * from code instead of being committed as binaries. Truecolour + alpha, 8 bits, no interlace.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encode RGBA pixels (row-major, 4 bytes a pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

type Point = readonly [number, number];

function insidePolygon(x: number, y: number, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The "A" mark in a unit square (0..1), as an outer outline and the counter (hole). */
const A_OUTER: Point[] = [
  [0.4, 0.0],
  [0.6, 0.0],
  [1.0, 1.0],
  [0.78, 1.0],
  [0.68, 0.74],
  [0.32, 0.74],
  [0.22, 1.0],
  [0.0, 1.0],
];
const A_HOLE: Point[] = [
  [0.5, 0.22],
  [0.61, 0.56],
  [0.39, 0.56],
];

function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/**
 * Draw the icon: a square of `background` with a white "A" and a small wave (the "koro" of
 * Helsinki's look) under it. `markScale` is the share of the side the mark takes: keep it small
 * for maskable icons, whose safe zone is the central circle of 80 % diameter.
 */
export function drawIcon(size: number, background: string, foreground: string, markScale: number): Buffer {
  return encodePng(size, size, drawMark(size, hexToRgb(background), hexToRgb(foreground), markScale));
}

/**
 * The notification badge: the same mark in one colour on a transparent square. Android shows
 * only its alpha channel (tinted by the system) in the status bar, so it has no background.
 */
export function drawBadge(size: number, foreground: string, markScale: number): Buffer {
  return encodePng(size, size, drawMark(size, null, hexToRgb(foreground), markScale));
}

function drawMark(
  size: number,
  bg: [number, number, number] | null,
  fg: [number, number, number],
  markScale: number,
): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const mark = size * markScale;
  const left = (size - mark) / 2;
  const top = (size - mark) / 2 - mark * 0.06;
  const waveTop = top + mark * 1.06;
  const waveHeight = mark * 0.07;
  const S = 4; // supersampling per axis for anti-aliasing
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const fx = x + (sx + 0.5) / S;
          const fy = y + (sy + 0.5) / S;
          const ux = (fx - left) / mark;
          const uy = (fy - top) / mark;
          let on = false;
          if (ux >= 0 && ux <= 1 && uy >= 0 && uy <= 1) {
            on = insidePolygon(ux, uy, A_OUTER) && !insidePolygon(ux, uy, A_HOLE);
          }
          if (!on && ux >= 0 && ux <= 1) {
            const crest = waveTop + (Math.sin(ux * Math.PI * 4) * waveHeight) / 2;
            on = fy >= crest && fy <= crest + waveHeight;
          }
          if (on) hits++;
        }
      }
      const a = hits / (S * S);
      const i = (y * size + x) * 4;
      if (bg) {
        px[i] = Math.round(bg[0] * (1 - a) + fg[0] * a);
        px[i + 1] = Math.round(bg[1] * (1 - a) + fg[1] * a);
        px[i + 2] = Math.round(bg[2] * (1 - a) + fg[2] * a);
        px[i + 3] = 255;
      } else {
        px[i] = fg[0];
        px[i + 1] = fg[1];
        px[i + 2] = fg[2];
        px[i + 3] = Math.round(a * 255);
      }
    }
  }
  return px;
}
