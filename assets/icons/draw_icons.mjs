// Draws the app icon as PNGs (192 and 512 px) at build time, the same picture as assets/icons/icon.svg:
// a blue rounded square with a white car and a small address-card dot. No image libraries: a signed-distance
// rasteriser with 4×4 supersampling and a minimal PNG writer (node's zlib).
// Usage: node draw_icons.mjs <output dir>
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BLUE = [29, 95, 168];
const WHITE = [255, 255, 255];
const AMBER = [255, 190, 60];

// Shapes in a 512×512 design space; each returns true when (x, y) is inside.
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const background = roundRect(0, 0, 512, 512, 96);
const body = roundRect(88, 250, 424, 350, 36);
const cabin = (x, y) => y >= 170 && y <= 262 && x >= 150 + (262 - y) * 0.45 && x <= 362 - (262 - y) * 0.45;
const window1 = (x, y) => y >= 190 && y <= 250 && x >= 176 + (250 - y) * 0.45 && x <= 250;
const window2 = (x, y) => y >= 190 && y <= 250 && x >= 262 && x <= 336 - (250 - y) * 0.45;
const wheel1 = circle(170, 352, 44), hub1 = circle(170, 352, 18);
const wheel2 = circle(342, 352, 44), hub2 = circle(342, 352, 18);
const badge = circle(404, 120, 40);

function colourAt(x, y) {
  if (!background(x, y)) return null;
  if (badge(x, y)) return AMBER;
  if (hub1(x, y) || hub2(x, y)) return WHITE;
  if (wheel1(x, y) || wheel2(x, y)) return [20, 40, 70];
  if (window1(x, y) || window2(x, y)) return BLUE;
  if (body(x, y) || cabin(x, y)) return WHITE;
  return BLUE;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const s = 512 / size;
  for (let py = 0; py < size; ++py) {
    for (let px = 0; px < size; ++px) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < 4; ++sy) {
        for (let sx = 0; sx < 4; ++sx) {
          const c = colourAt((px + (sx + 0.5) / 4) * s, (py + (sy + 0.5) / 4) * s);
          if (c) { r += c[0]; g += c[1]; b += c[2]; ++a; }
        }
      }
      const o = (py * size + px) * 4;
      if (a) { rgba[o] = r / a; rgba[o + 1] = g / a; rgba[o + 2] = b / a; }
      rgba[o + 3] = Math.round((a / 16) * 255);
    }
  }
  return rgba;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
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
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6;  // 8-bit RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; ++y) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const out = process.argv[2] || '.';
for (const size of [192, 512]) fs.writeFileSync(path.join(out, `icon-${size}.png`), png(size, render(size)));
