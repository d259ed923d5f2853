#!/usr/bin/python3
"""make-fixtures.py - regenerate the image fixtures in this folder.

Run with Debian's python3 (it needs python3-pil):  /usr/bin/python3 tests/images/make-fixtures.py
Every fixture is made from code here (deterministic pseudo-random data), so the folder can be
rebuilt byte for byte.  cases.test lists each fixture with the result the optimizers must give.
"""
import io, os, random, struct, subprocess, zlib
from PIL import Image, ImageCms, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(7)


def path(name):
    return os.path.join(HERE, name)


def photo(w, h, mode="RGB", noise=6):
    """Smooth gradients plus a little noise: compresses like a photograph."""
    im = Image.new("RGB", (w, h))
    px = im.load()
    for y in range(h):
        for x in range(w):
            n = rnd.randint(-noise, noise)
            px[x, y] = (max(0, min(255, (x * 255) // w + n)),
                        max(0, min(255, (y * 255) // h + n)),
                        max(0, min(255, ((x + y) * 127) // (w + h) + 60 + n)))
    return im.convert(mode) if mode != "RGB" else im


def drawing(w, h, mode="RGB", bg=(255, 255, 255)):
    """Flat colours and shapes: compresses like a logo or screenshot."""
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    for i in range(12):
        x, y = rnd.randint(0, w - 1), rnd.randint(0, h - 1)
        d.rectangle([x, y, x + w // 5, y + h // 6], fill=(rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(0, 255)))
    d.text((5, 5), "jamdeploy", fill=(0, 0, 0))
    return im.convert(mode) if mode != "RGB" else im


def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xffffffff)


# lcms stamps the creation time into the profile: zero it (and the MD5 ID over it) to stay reproducible.
srgb = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
srgb[24:36] = bytes(12)
srgb[84:100] = bytes(16)
srgb = bytes(srgb)
gray_icc_src = None

# --- PNG ---------------------------------------------------------------------------------------
# 16-bit whose low bytes repeat the high ones (reducible to 8-bit) and one that is truly 16-bit.
im = photo(64, 48)
raw = b"".join(b"".join(struct.pack(">HHH", r * 257, g * 257, b * 257) for (r, g, b) in
                        [im.getpixel((x, y)) for x in range(64)]) for y in range(48))
def png16(name, w, h, rows16, ct=2):
    ihdr = struct.pack(">IIBBBBB", w, h, 16, ct, 0, 0, 0)
    bpr = len(rows16) // h
    data = b"".join(b"\0" + rows16[y * bpr:(y + 1) * bpr] for y in range(h))
    open(path(name), "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                                 chunk(b"tEXt", b"Comment\0made by make-fixtures.py") +
                                 chunk(b"IDAT", zlib.compress(data, 1)) + chunk(b"IEND", b""))
png16("rgb16-reducible.png", 64, 48, raw)
raw = b"".join(struct.pack(">HHH", rnd.randint(0, 65535), (x * 1000) & 0xffff, y * 1300)
               for y in range(48) for x in range(64))
png16("rgb16-full.png", 64, 48, raw)
raw = b"".join(struct.pack(">HH", ((x + y) * 600) & 0xffff, 65535 if x % 7 else 1000)
               for y in range(40) for x in range(50))
png16("gray-alpha16.png", 50, 40, raw, ct=4)

# Palette with tRNS (partly transparent entries).
im = drawing(80, 60).convert("P", palette=Image.ADAPTIVE, colors=16)
im.info["transparency"] = bytes([0, 128] + [255] * 14)
im.save(path("palette-trns.png"), transparency=bytes([0, 128] + [255] * 14))

# RGBA that is all opaque (alpha drops), RGBA with one transparent colour (tRNS key), real alpha.
drawing(90, 70, "RGBA").save(path("rgba-opaque.png"), compress_level=1)
im = drawing(90, 70, "RGBA")
px = im.load()
for y in range(10):
    for x in range(90):
        px[x, y] = (1, 2, 3, 0)
im.save(path("rgba-single-transparent.png"), compress_level=1)
im = photo(60, 60, "RGBA")
px = im.load()
for y in range(60):
    for x in range(60):
        r, g, b, a = px[x, y]
        px[x, y] = (r, g, b, (x * 4) & 0xff)
im.save(path("rgba-alpha.png"), compress_level=1)

# Grey stored as RGB (becomes grey), grey that fits 1 bit, photo RGB, many colours.
drawing(70, 50).convert("L").convert("RGB").save(path("gray-as-rgb.png"), compress_level=1)
Image.new("1", (33, 17), 1).convert("RGB").save(path("bilevel-as-rgb.png"), compress_level=0)
photo(120, 90).save(path("photo.png"), compress_level=1)

# Interlaced (Adam7) PNG.
drawing(75, 61).save(path("interlaced-src.png"))
os.system("convert %s -define png:exclude-chunk=date,time -interlace PNG %s" % (path("interlaced-src.png"), path("interlaced.png")))
os.remove(path("interlaced-src.png"))

# ICC-tagged PNG, with text chunks and a time stamp that must be dropped.
from PIL import PngImagePlugin
meta = PngImagePlugin.PngInfo()
meta.add_text("Software", "make-fixtures.py")
meta.add_itxt("Description", "an ICC-tagged fixture with long text " * 20)
photo(64, 64).save(path("icc.png"), icc_profile=srgb, pnginfo=meta, compress_level=1)

# Gamma + pHYs must survive.
im = drawing(40, 40)
im.save(path("gamma-phys.png"), dpi=(144, 144), compress_level=1)
data = open(path("gamma-phys.png"), "rb").read()
data = data[:33] + chunk(b"gAMA", struct.pack(">I", 45455)) + data[33:]
open(path("gamma-phys.png"), "wb").write(data)

# APNG: three frames.
frames = [drawing(48, 48) for _ in range(3)]
frames[0].save(path("apng.png"), save_all=True, append_images=frames[1:], duration=100, loop=0,
               pnginfo=meta)

# 1x1, truncated, corrupt CRC, and a header-only 20000x20000 bomb.
Image.new("RGB", (1, 1), (200, 10, 10)).save(path("one-pixel.png"))
data = open(path("photo.png"), "rb").read()
open(path("truncated.png"), "wb").write(data[:len(data) // 2])
bad = bytearray(open(path("gamma-phys.png"), "rb").read())
i = bad.find(b"IDAT")
bad[i + 6] ^= 0xff
open(path("bad-crc.png"), "wb").write(bytes(bad))
open(path("bomb-20000x20000.png"), "wb").write(
    b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))

# --- JPEG ---------------------------------------------------------------------------------------
photo(160, 120).save(path("baseline-q90.jpg"), quality=90, optimize=False)
photo(160, 120).save(path("progressive.jpg"), quality=85, progressive=True)
photo(161, 97, "L").save(path("gray.jpg"), quality=88)
photo(96, 80, "CMYK").save(path("cmyk.jpg"), quality=90)
photo(100, 90).save(path("icc.jpg"), quality=92, icc_profile=srgb)
exif = Image.Exif()
exif[0x0112] = 6          # Orientation: rotate 90 CW to display
exif[0x010f] = "Camera maker that must be stripped"
exif[0x0131] = "make-fixtures.py"
photo(120, 80).save(path("exif-orientation-6.jpg"), quality=90, exif=exif.tobytes())
photo(200, 150).save(path("photo-q98-420.jpg"), quality=98, subsampling=2)
Image.new("RGB", (1, 1), (10, 200, 10)).save(path("one-pixel.jpg"))
data = open(path("baseline-q90.jpg"), "rb").read()
open(path("truncated.jpg"), "wb").write(data[:len(data) // 2])
open(path("not-a-jpeg.jpg"), "wb").write(b"\xff\xd8\xff\xe0 this is not really a JPEG")
# A real 1x1 JPEG whose frame header (SOF) claims 60000x60000: a decompression bomb.
data = bytearray(open(path("one-pixel.jpg"), "rb").read())
i = data.find(b"\xff\xc0")
data[i + 5:i + 9] = struct.pack(">HH", 60000, 60000)
open(path("bomb-60000x60000.jpg"), "wb").write(bytes(data))

# Files whose lossless re-encodings are larger than they are: sequential coding of a progressive
# file costs a few percent, Huffman coding of an arithmetic-coded one ~10%.  Each is over 1 KiB
# larger re-encoded, more than `build` once allowed a trial to grow (its output buffer is the
# input's size + 1 KiB), which reported them as corrupt.
def jpeg_bytes(im, **kw):
    b = io.BytesIO()
    im.save(b, "JPEG", **kw)
    return b.getvalue()


def without_app0(data):
    """The same JPEG without its JFIF APP0 segment (as some encoders and strippers write)."""
    assert data[2:4] == b"\xff\xe0"
    return data[:2] + data[4 + struct.unpack(">H", data[4:6])[0]:]


data = jpeg_bytes(photo(360, 240, noise=20), quality=90, progressive=True)
open(path("progressive-q90.jpg"), "wb").write(data)
open(path("progressive-no-app0.jpg"), "wb").write(without_app0(data))
# PIL cannot write arithmetic coding; jpegtran (Debian libjpeg-turbo-progs) can, from the
# coefficients of a PIL file.  Without it the committed files stay as they are.
data = jpeg_bytes(photo(240, 160, noise=20), quality=90)
for name, args in (("arithmetic.jpg", ["-arithmetic"]),
                   ("arithmetic-progressive.jpg", ["-arithmetic", "-progressive"])):
    try:
        res = subprocess.run(["jpegtran", "-copy", "none"] + args, input=data, capture_output=True, check=True)
        open(path(name), "wb").write(res.stdout)
    except (OSError, subprocess.CalledProcessError) as e:
        print("kept", name, "as it is: jpegtran -arithmetic failed (apt-get install libjpeg-turbo-progs):", e)
print("fixtures written to", HERE)
