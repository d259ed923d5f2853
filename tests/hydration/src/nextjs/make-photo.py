#!/usr/bin/env python3
"""Writes public/img/photo.png: a deterministic 96x96 photo-like RGB image
(smooth gradients + soft blobs + mild noise). Stdlib only. The PNG is stored
unfiltered so a lossless WebP encoder (cwebp -lossless) beats it clearly."""
import math, random, struct, sys, zlib

W = H = 96
rnd = random.Random(1234)
blobs = [(30, 34, 22, (255, 190, 90)), (70, 60, 28, (60, 120, 200)), (50, 80, 18, (90, 170, 80))]
rows = []
for y in range(H):
    row = bytearray([0])  # filter type 0 (None)
    for x in range(W):
        # sky-ish vertical gradient
        r = 120 + 80 * y / H
        g = 160 + 40 * math.sin(x / 17.0)
        b = 230 - 90 * y / H
        for cx, cy, rad, (br, bg, bb) in blobs:
            w = math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * rad * rad))
            r, g, b = r + (br - r) * w, g + (bg - g) * w, b + (bb - b) * w
        n = rnd.gauss(0, 5)
        row += bytes(max(0, min(255, int(v + n + rnd.gauss(0, 2)))) for v in (r, g, b))
    rows.append(bytes(row))

def chunk(tag, data):
    c = tag + data
    return struct.pack('>I', len(data)) + c + struct.pack('>I', zlib.crc32(c) & 0xffffffff)

png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')
out = sys.argv[1] if len(sys.argv) > 1 else 'public/img/photo.png'
with open(out, 'wb') as f:
    f.write(png)
print(out, len(png), 'bytes')
