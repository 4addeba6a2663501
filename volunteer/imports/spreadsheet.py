"""Reading an uploaded spreadsheet into rows keyed by our column names.

Staff files have a title row or merged cells above the header, headers under other names
(姓名/名字, 手机/手机号/联系电话), empty rows, and csv saved as GBK or UTF-8 with a BOM."""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError

from volunteer.imports.cleaning import clean_text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 10


def read_rows(content, filename, aliases):
    """Return (columns found, [(sheet row number, {column: raw value})]).

    `aliases` maps each column name to the headers it may appear under."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件过大（{len(content) / 1024 / 1024:.1f} MB），单次导入不超过 20 MB；请分批导入")
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        table = _xlsx_rows(content)
    elif name.endswith(".csv"):
        table = _csv_rows(content)
    else:
        raise ValidationError("只能导入 Excel（.xlsx）或 CSV 文件；旧版 .xls 请在 Excel 中另存为 .xlsx")
    return _keyed(table, aliases)


def _xlsx_rows(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValidationError("文件已损坏或不是 Excel（.xlsx）文件，无法读取")
    sheet = workbook.worksheets[0]
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(values)
    finally:
        workbook.close()


def _csv_rows(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码")
    if "\x00" in text:
        raise ValidationError("文件不是文本格式的 CSV，无法读取")
    for number, values in enumerate(csv.reader(io.StringIO(text)), 1):
        yield number, values


def _normalise_header(text):
    return clean_text(text).replace(" ", "").replace("*", "").replace("＊", "").rstrip(":：")


def _keyed(table, aliases):
    lookup = {_normalise_header(alias): column for column, names in aliases.items() for alias in [column, *names]}
    header = None
    rows = []
    for number, values in table:
        if header is None:
            found = {i: lookup.get(_normalise_header(v)) for i, v in enumerate(values) if v is not None}
            found = {i: column for i, column in found.items() if column}
            if len(found) >= 2:
                header = found
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if all(clean_text(v) == "" for v in values):
            continue  # an empty row
        rows.append((number, {column: values[i] if i < len(values) else None for i, column in header.items()}))
    if header is None:
        expected = "、".join(list(aliases)[:6])
        raise ValidationError(f"没有找到表头：前 {HEADER_SEARCH_ROWS} 行中应有“{expected}”等列名")
    return sorted(set(header.values()), key=list(aliases).index), rows
