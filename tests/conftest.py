from tests.pdfgen.fixtures import *  # noqa: F401,F403  (make_pdf factory; see tests/pdfgen/README.md)
