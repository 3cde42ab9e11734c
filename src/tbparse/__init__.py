"""tbparse: Vietnamese government notices → structured task records.

    >>> from tbparse import extract_text
    >>> doc = extract_text("I. Lĩnh vực Viễn thông\\n- Cục Viễn thông xây dựng báo cáo. Thời hạn hoàn thành: 30/7/2022.")
    >>> doc.tasks[0].owner, doc.tasks[0].deadline, doc.tasks[0].field
    ('Cục Viễn thông', '2022-07-30', 'vien-thong')
"""
from .normalize import normalize_text
from .pipeline import extract_file, extract_text
from .read import InputError

__all__ = ["extract_text", "extract_file", "normalize_text", "InputError"]
__version__ = "0.1.0"
