"""The text inside uploaded documents, for the search index."""

import io


class ExtractionError(Exception):
    pass


def extract_text(data: bytes, file_format: str) -> str:
    """The readable text of a PDF, DOCX, PPTX or XLSX file; ExtractionError if none."""
    try:
        extracted = EXTRACTORS[file_format](io.BytesIO(data))
    except KeyError:
        raise ExtractionError(f"no extractor for {file_format!r}") from None
    except Exception as error:  # a broken file can fail anywhere inside the readers
        raise ExtractionError(f"{type(error).__name__}: {error}"[:300]) from error
    extracted = "\n".join(line.strip() for line in extracted.splitlines() if line.strip())
    if not extracted:
        raise ExtractionError("the file has no text layer (a scanned image?)")
    return extracted


def _pdf(stream) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(stream).pages)


def _docx(stream) -> str:
    import docx

    document = docx.Document(stream)
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def _pptx(stream) -> str:
    from pptx import Presentation

    lines = []
    for slide in Presentation(stream).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.extend(p.text for p in shape.text_frame.paragraphs)
        if slide.has_notes_slide:
            lines.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(lines)


def _xlsx(stream) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if isinstance(value, str)]
            if cells:
                lines.append(" ".join(cells))
    return "\n".join(lines)


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "pptx": _pptx, "xlsx": _xlsx}
