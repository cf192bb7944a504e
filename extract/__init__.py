"""Layout-aware PDF reading: pages → characters, rulings, cells, form structure."""

import sys

# PyMuPDF 2.0 imports its optional layout analyser (pymupdf.layout, which builds an ONNX
# inference session) and pymupdf4llm (numpy, tabulate …) on `import pymupdf`: over a second
# and ~100 MB in every worker process, for code this package never calls. A None entry in
# sys.modules makes those optional imports fail the way PyMuPDF expects when they are not
# installed. setdefault: a program that imported them on purpose before us keeps them.
for _optional in ("pymupdf.layout", "pymupdf4llm"):
    sys.modules.setdefault(_optional, None)  # type: ignore[arg-type]  # None is the documented "cannot import" entry
