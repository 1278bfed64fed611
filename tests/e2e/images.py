"""Image checks for the end-to-end tests, with the standard library only: a PNG is parsed chunk
by chunk (CRCs checked, IDAT inflated, scanlines un-filtered) so that a test can assert both its
size and that something is drawn on it; an SVG is parsed as XML and its size, shapes and text
are returned.

    from images import check_png, check_svg
    info = check_png("graph.png", 200, 100, 20000, 20000)   # raises ImageError if invalid
    assert info["ink"] > 0.01                               # not a blank image
    svg = check_svg("graph.svg")
    assert "main" in svg["texts"]
"""
import collections
import re
import struct
import xml.etree.ElementTree as ET
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# samples per pixel by PNG colour type (8-bit depth only)
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPES = {"path", "rect", "polygon", "polyline", "ellipse", "circle", "line", "use", "image"}


class ImageError(Exception):
    """The file is not a valid image, or not one of the expected size."""


def png_chunks(data):
    """Yields (type, payload) for each chunk, checking lengths and CRCs."""
    if data[:8] != PNG_SIGNATURE:
        raise ImageError("not a PNG (bad signature)")
    pos = 8
    while pos < len(data):
        if pos + 12 > len(data):
            raise ImageError("truncated chunk at byte %d" % pos)
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 8 + length
        if end + 4 > len(data):
            raise ImageError("chunk %r at byte %d runs past the end" % (kind, pos))
        payload = data[pos + 8:end]
        crc, = struct.unpack(">I", data[end:end + 4])
        if zlib.crc32(kind + payload) & 0xffffffff != crc:
            raise ImageError("chunk %r at byte %d: bad CRC" % (kind, pos))
        yield kind, payload
        pos = end + 4
        if kind == b"IEND":
            return
    raise ImageError("no IEND chunk")


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    """The pixel bytes of non-interlaced 8-bit scanlines, each preceded by its filter type
    (0 none, 1 sub, 2 up, 3 average, 4 paeth); returns a list of bytearray rows."""
    stride = width * bpp
    if len(raw) < height * (stride + 1):
        raise ImageError("image data too short: %d bytes for %dx%d" % (len(raw), width, height))
    rows = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        row = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 0:
            pass
        elif kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xff
        elif kind == 2:
            row = bytearray((x + p) & 0xff for x, p in zip(row, prev))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xff
        elif kind == 4:
            for i in range(stride):
                if i >= bpp:
                    row[i] = (row[i] + _paeth(row[i - bpp], prev[i], prev[i - bpp])) & 0xff
                else:
                    row[i] = (row[i] + prev[i]) & 0xff
        else:
            raise ImageError("row %d: unknown filter type %d" % (y, kind))
        rows.append(row)
        prev = row
    return rows


def check_png(path, min_w=1, min_h=1, max_w=32767, max_h=32767):
    """Validates the PNG at path and returns {"width", "height", "color_type", "ink"}, where
    ink is the fraction of pixels that differ from the background (the most common colour;
    fully transparent pixels count as background). Raises ImageError."""
    with open(path, "rb") as f:
        data = f.read()
    header, idat, palette = None, [], None
    for kind, payload in png_chunks(data):
        if kind == b"IHDR":
            if len(payload) != 13:
                raise ImageError("IHDR of %d bytes" % len(payload))
            header = struct.unpack(">IIBBBBB", payload)
        elif kind == b"PLTE":
            palette = payload
        elif kind == b"IDAT":
            if header is None:
                raise ImageError("IDAT before IHDR")
            idat.append(payload)
    if header is None or not idat:
        raise ImageError("no IHDR or no IDAT")
    width, height, depth, ctype, _, _, interlace = header
    if not (min_w <= width <= max_w and min_h <= height <= max_h):
        raise ImageError("%dx%d is outside %dx%d .. %dx%d" %
                         (width, height, min_w, min_h, max_w, max_h))
    if depth != 8 or ctype not in CHANNELS or interlace != 0:
        raise ImageError("unsupported PNG: depth %d, colour type %d, interlace %d" %
                         (depth, ctype, interlace))
    if ctype == 3 and palette is None:
        raise ImageError("palette image without PLTE")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise ImageError("IDAT does not inflate: %s" % e)
    bpp = CHANNELS[ctype]
    rows = unfilter(raw, width, height, bpp)
    counts = collections.Counter()
    for row in rows:
        counts.update(bytes(row[i:i + bpp]) for i in range(0, len(row), bpp))
    if ctype in (4, 6):  # every fully transparent pixel looks the same
        merged = collections.Counter()
        for px, n in counts.items():
            merged[b"\0" * bpp if px[-1] == 0 else px] += n
        counts = merged
    _, n_background = counts.most_common(1)[0]
    return {"width": width, "height": height, "color_type": ctype,
            "ink": 1.0 - n_background / float(width * height)}


def _length(value):
    """SVG length "1000pt", "250px", "12.5" -> float, or None."""
    m = re.match(r"^\s*([0-9.]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$", value or "")
    return float(m.group(1)) if m else None


def check_svg(path, min_size=10, max_size=100000):
    """Parses the SVG at path and returns {"width", "height", "viewbox", "shapes", "texts",
    "glyphs"}: texts are the strings of <text> elements (Graphviz), glyphs the glyph uses
    that draw text as outlines (cairo). Raises ImageError if it is not an SVG of a sensible
    size with something drawn and some text."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ImageError("not XML: %s" % e)
    if root.tag not in (SVG_NS + "svg", "svg"):
        raise ImageError("root element is %s, not svg" % root.tag)
    width, height = _length(root.get("width")), _length(root.get("height"))
    viewbox = None
    if root.get("viewBox"):
        try:
            viewbox = [float(v) for v in root.get("viewBox").replace(",", " ").split()]
        except ValueError:
            raise ImageError("viewBox %r is not four numbers" % root.get("viewBox"))
        if len(viewbox) != 4 or viewbox[2] <= 0 or viewbox[3] <= 0:
            raise ImageError("viewBox %r is not a positive box" % root.get("viewBox"))
    if width is None or height is None:
        if viewbox is None:
            raise ImageError("no width/height and no viewBox")
        width, height = viewbox[2], viewbox[3]
    for what, v in (("width", width), ("height", height)):
        if not min_size <= v <= max_size:
            raise ImageError("%s %g is outside %g .. %g" % (what, v, min_size, max_size))
    shapes, texts, glyphs = 0, [], 0
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in SHAPES:
            shapes += 1
        if tag == "text":
            s = "".join(el.itertext()).strip()
            if s:
                texts.append(s)
        if tag == "use":
            href = el.get("{http://www.w3.org/1999/xlink}href") or el.get("href") or ""
            glyphs += href.startswith("#glyph")
    if shapes == 0:
        raise ImageError("nothing is drawn (no path, rect, polygon, ...)")
    if not texts and not glyphs:
        raise ImageError("no text")
    return {"width": width, "height": height, "viewbox": viewbox, "shapes": shapes,
            "texts": texts, "glyphs": glyphs}
