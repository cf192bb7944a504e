import pytest

from tests.pdfgen.fixtures import *  # noqa: F401,F403  (make_pdf factory; see tests/pdfgen/README.md)


@pytest.fixture(scope="session", autouse=True)
def _tesseract_once_per_image(tmp_path_factory, worker_id):
    """tests/ocr_memo.py: each distinct image is OCR'd once per session, across xdist workers."""
    import hyokasho.ocr as ocr
    from tests import ocr_memo

    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # xdist: the workers' common parent
    saved = ocr.tesseract_words, ocr.tesseract_crops
    ocr_memo.install(ocr, shared / "tesseract-memo")
    yield
    ocr.tesseract_words, ocr.tesseract_crops = saved
