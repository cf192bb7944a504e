"""One Tesseract run per distinct image per test session, shared by every xdist worker.

Tesseract is the suite's largest cost, and many tests OCR the very same page images (the
no-ToUnicode and image-only renderings of the same samples, the glyph-map tests and the
robustness tests). Tesseract with one thread is deterministic in its input, so its result for
an image is memoised by the image's hash (and the scale the words are put at): every distinct
image is still read by the real engine, once per session. Entries are files in a directory the
workers of one session share (xdist's common base temp), written atomically, so two workers
that OCR the same image at once only duplicate the work.

Only the calls of the test processes are memoised: ingests run in worker subprocesses OCR as
users' runs do. A test that wants to see Tesseract itself called patches these functions (its
patch wins) or calls `hyokasho.ocr.tesseract_words.__wrapped__`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import wraps
from pathlib import Path


def install(ocr_module, store: Path) -> None:
    store.mkdir(parents=True, exist_ok=True)
    words, crops = ocr_module.tesseract_words, ocr_module.tesseract_crops

    def memo(key: bytes, compute):
        path = store / hashlib.sha256(key).hexdigest()
        try:
            return pickle.loads(path.read_bytes())
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            pass
        value = compute()
        fd, tmp = tempfile.mkstemp(dir=store)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f)
        os.replace(tmp, path)
        return value

    @wraps(words)
    def memo_words(png: bytes):
        from extract.settings_context import current

        return memo(b"words|%d|" % current().ocr.dpi + png, lambda: words(png))

    @wraps(crops)
    def memo_crops(images, block: bool):
        h = hashlib.sha256(b"crops|%d|" % block)
        for im in images:
            h.update(repr(im.shape).encode() + str(im.dtype).encode())
            h.update(im.tobytes())
        return memo(h.digest(), lambda: crops(images, block))

    ocr_module.tesseract_words, ocr_module.tesseract_crops = memo_words, memo_crops
