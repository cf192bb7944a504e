"""Seeded mutations of real PDF bytes, for the fuzz tests: what broken downloads, bad disks,
buggy producers and hostile senders make of a PDF.

Each kind is a plain function of (bytes, Random) → bytes, so a failing case reproduces from
its seed and index. The bombs are small files that cost much to read: a content stream that
inflates to hundreds of megabytes, a page of millions of path operations, an image declared
60,000 × 60,000 pixels, objects nested thousands deep, page trees that point back at
themselves.
"""

from __future__ import annotations

import random
import re
import zlib
from typing import Callable

Mutation = Callable[[bytes, random.Random], bytes]


def flip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.choice((1, 4, 16, 64, 256))):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(8, len(data))]


def drop_object(data: bytes, rnd: random.Random) -> bytes:
    objs = [m.span() for m in re.finditer(rb"\d+ 0 obj.*?endobj", data, re.S)]
    out = bytearray(data)
    for a, b in sorted(rnd.sample(objs, k=min(len(objs), rnd.choice((1, 2, 5)))), reverse=True):
        del out[a:b]
    return bytes(out)


def break_xref(data: bytes, rnd: random.Random) -> bytes:
    """A wrong startxref, a garbled or missing table, offsets shifted by inserted bytes."""
    how = rnd.randrange(4)
    if how == 0:
        return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % rnd.randrange(len(data)), data)
    if how == 1:
        i = data.rfind(b"xref")
        if i < 0:
            return flip(data, rnd)
        j = data.find(b"trailer", i)
        return data[:i] + bytes(rnd.randrange(256) for _ in range(max(1, j - i))) + data[max(i + 1, j) :]
    if how == 2:
        i = data.rfind(b"xref")
        j = data.find(b"trailer", i)
        return data[:i] + data[j:] if 0 <= i < j else truncate(data, rnd)
    k = rnd.randrange(16, len(data) // 2)
    return data[:k] + b" " * rnd.randrange(1, 400) + data[k:]


def _replace_first_stream(data: bytes, new_dict: bytes, new_stream: bytes) -> bytes:
    """Swap the first page content stream object for another stream (offsets break: MuPDF repairs)."""
    m = re.search(rb"(\d+) 0 obj\s*<<[^>]*?/Length[^>]*>>\s*stream\r?\n.*?endstream\s*endobj", data, re.S)
    if m is None:
        return data
    obj = m.group(1) + b" 0 obj\n" + new_dict % len(new_stream) + b"\nstream\n" + new_stream + b"\nendstream\nendobj"
    return data[: m.start()] + obj + data[m.end() :]


def _minimal(content: bytes, extra_objects: bytes = b"", resources: bytes = b"<<>>") -> bytes:
    """A one-page PDF with a correct xref table around the given (compressed) content stream."""
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources " + resources + b"/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return _assemble(objs, extra_objects)


def _assemble(objs: list[bytes], extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    out += extra
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def deflate_bomb(_data: bytes, rnd: random.Random) -> bytes:
    """A content stream of a few hundred KB that inflates to 256–1024 MB of spaces."""
    size = rnd.choice((256, 512, 1024)) << 20
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(z.compress(chunk) for _ in range(size >> 20)) + z.flush()
    return _minimal(body)


def drawing_bomb(_data: bytes, rnd: random.Random) -> bytes:
    """Millions of tiny path segments on one page (a vector "drawing bomb")."""
    n = rnd.choice((2, 4, 8)) * 1_000_000
    # a few hundred distinct segments repeated: deflate's 32 KB window folds them to ~1 KB per MB
    ops = b"".join(b"%d %d m %d %d l S\n" % (i % 590, i % 830, (i + 3) % 590, (i + 5) % 830) for i in range(500))
    z = zlib.compressobj(9)
    body = b"".join(z.compress(ops) for _ in range(n // 500)) + z.flush()
    return _minimal(body)


def image_bomb(_data: bytes, rnd: random.Random) -> bytes:
    """An image XObject declared 60,000 × 60,000 pixels (10 GB of RGB) from a small stream."""
    w = h = rnd.choice((20_000, 40_000, 60_000))
    z = zlib.compressobj(9)
    row = b"\0" * (w * 3)
    pixels = b"".join(z.compress(row) for _ in range(64)) + z.flush()  # the first rows only
    image = (
        b"5 0 obj\n<</Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8"
        b"/Filter/FlateDecode/Length %d>>\nstream\n" % (w, h, len(pixels)) + pixels + b"\nendstream\nendobj\n"
    )
    content = zlib.compress(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    return _minimal(content, image, b"<</XObject<</Im0 5 0 R>>>>")


def nesting_bomb(_data: bytes, rnd: random.Random) -> bytes:
    """An object nested thousands of arrays deep, referenced from the page."""
    depth = rnd.choice((5_000, 50_000, 500_000))
    deep = b"5 0 obj\n" + b"[" * depth + b"]" * depth + b"\nendobj\n"
    return _minimal(zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET"), deep, b"<</Properties<</P0 5 0 R>>>>")


def page_tree_cycle(data: bytes, rnd: random.Random) -> bytes:
    """The page tree points back at itself: Kids naming the Pages node, a Parent loop, a page
    listed under two parents."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (cycle) Tj ET")
    page = b"<</Type/Page/Parent %s/MediaBox[0 0 595 842]/Contents 4 0 R>>"
    how = rnd.randrange(3)
    if how == 0:
        pages = b"<</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>>"
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", pages, page % b"2 0 R"]
    elif how == 1:
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[5 0 R]/Count 1/Parent 5 0 R>>", page % b"2 0 R"]
    else:
        objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[5 0 R 5 0 R 3 0 R]/Count 3>>", page % b"5 0 R"]
    objs.append(b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2/Parent 2 0 R>>")
    return _assemble(objs)


MUTATIONS: dict[str, Mutation] = {
    "flip": flip,
    "truncate": truncate,
    "drop_object": drop_object,
    "break_xref": break_xref,
}
BOMBS: dict[str, Mutation] = {
    "deflate_bomb": deflate_bomb,
    "drawing_bomb": drawing_bomb,
    "image_bomb": image_bomb,
    "nesting_bomb": nesting_bomb,
    "page_tree_cycle": page_tree_cycle,
}
