"""pandas' own answers for the file-format fidelity tests (run with target/pyenv's python).

    pandas_io.py write-parquet OUT CASE      writes fixture frame CASE with to_parquet
    pandas_io.py parquet-to-csv PATH         prints pd.read_parquet(PATH).to_csv()
    pandas_io.py csv-to-csv PATH SETTINGS    prints pd.read_csv(PATH, **SETTINGS).to_csv()
    pandas_io.py write-excel OUT CASE        writes fixture frame CASE with to_excel
    pandas_io.py excel-to-csv PATH SETTINGS  prints pd.read_excel(PATH, **SETTINGS).to_csv()
    pandas_io.py write-ods OUT CASE          writes fixture frame CASE with to_excel (odf)
    pandas_io.py write-xls OUT CASE          writes fixture frame CASE as .xls with xlwt
    pandas_io.py write-huge-xls OUT          an .xls whose DIMENSIONS claim 4e9 x 256 cells
    pandas_io.py write-huge-ods OUT          an .ods with one value row repeated 1,000,000 times
    pandas_io.py write-pickle OUT            pickles a dict of plain values
    pandas_io.py read-pickle PATH            prints json.dumps(pickle.load(PATH))
    pandas_io.py summary PATH                prints rows, index dtype, first/last index and column sums
                                             of pd.read_parquet(PATH) as JSON
"""
import json
import pickle
import sys

import numpy as np
import pandas as pd


def fixture(case):
    if case == "range":
        return pd.DataFrame(
            {
                "i": [1, 2, 3],
                "f": [1.5, np.nan, -2.25],
                "s": ["a", None, "c,d"],
                "b": [True, False, True],
                "t": pd.to_datetime(["2024-01-01T00:00:00Z", None, "2024-01-02T12:30:00.500Z"], format="ISO8601"),
            }
        )
    if case == "time_index":
        idx = pd.DatetimeIndex(["2024-03-01T00:00:00Z", "2024-03-01T00:15:00Z"], name=None)
        return pd.DataFrame({"value": [0.1, 1e20]}, index=idx)
    if case == "excel":
        return pd.DataFrame(
            {
                "i": [1, 2, 3],
                "f": [1.5, np.nan, -2.25],
                "s": ["a", None, "c,d"],
                "b": [True, False, True],
                "t": pd.to_datetime(["2024-01-01 00:00:00", None, "2024-01-02 12:30:00.500"], format="ISO8601"),
                "w": [1.0, 2.0, 3.0],
            }
        )
    if case == "naive_int_index":
        return pd.DataFrame({"x": [1.0, 2.0]}, index=pd.Index([7, 9]))
    raise SystemExit(f"unknown case {case}")


def write_ods(frame, out):
    """to_excel's .ods with the attributes OpenDocument prescribes (LibreOffice writes them so):
    pandas puts an office:value on string cells and writes booleans as office:value="true"
    instead of office:boolean-value, which strict readers (calamine) refuse."""
    import re
    import zipfile

    frame.to_excel(out, engine="odf")
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name) for name in z.namelist()}
    content = members["content.xml"].decode()
    content = re.sub(r'(office:value-type="string") office:value="[^"]*"', r"\1", content)
    content = re.sub(r'(office:value-type="boolean") office:value=', r"\1 office:boolean-value=", content)
    members["content.xml"] = content.encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def write_xls(frame, out):
    """What to_excel would write, through xlwt (pandas 2 no longer writes .xls)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    when = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    sheet.write(0, 0, "")
    for j, name in enumerate(frame.columns, start=1):
        sheet.write(0, j, name)
    for i, (label, row) in enumerate(frame.iterrows(), start=1):
        sheet.write(i, 0, int(label))
        for j, v in enumerate(row, start=1):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
                continue
            if isinstance(v, pd.Timestamp):
                # xlrd reads .xls times to the second: write them so.
                sheet.write(i, j, v.floor("s").to_pydatetime(), when)
            elif isinstance(v, (bool, np.bool_)):
                sheet.write(i, j, bool(v))
            elif isinstance(v, (int, np.integer)):
                sheet.write(i, j, int(v))
            else:
                sheet.write(i, j, v if isinstance(v, str) else float(v))
    book.save(out)


def write_huge_xls(out):
    """A valid small .xls whose DIMENSIONS record claims rows 0..4e9 (calamine would reserve
    them all)."""
    import struct

    write_xls(pd.DataFrame({"a": [1.0]}), out)
    data = bytearray(open(out, "rb").read())
    at = data.find(bytes([0x00, 0x02, 0x0E, 0x00]))
    if at < 0:
        raise SystemExit("no DIMENSIONS record")
    data[at + 4:at + 18] = struct.pack("<IIHHH", 0, 4_000_000_000, 0, 255, 0)
    open(out, "wb").write(bytes(data))


def write_huge_ods(out):
    """A tiny .ods: one row with 16,384 valued cells, repeated a million times."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
        '<text:p>1</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>'
    )
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?>'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')


def main():
    cmd = sys.argv[1]
    if cmd == "write-parquet":
        fixture(sys.argv[3]).to_parquet(sys.argv[2])
    elif cmd == "parquet-to-csv":
        sys.stdout.write(pd.read_parquet(sys.argv[2]).to_csv())
    elif cmd == "csv-to-csv":
        settings = json.loads(sys.argv[3])
        sys.stdout.write(pd.read_csv(sys.argv[2], **settings).to_csv())
    elif cmd == "write-excel":
        fixture(sys.argv[3]).to_excel(sys.argv[2])
    elif cmd == "write-ods":
        write_ods(fixture(sys.argv[3]), sys.argv[2])
    elif cmd == "write-xls":
        write_xls(fixture(sys.argv[3]), sys.argv[2])
    elif cmd == "write-huge-xls":
        write_huge_xls(sys.argv[2])
    elif cmd == "write-huge-ods":
        write_huge_ods(sys.argv[2])
    elif cmd == "excel-to-csv":
        settings = json.loads(sys.argv[3])
        sys.stdout.write(pd.read_excel(sys.argv[2], **settings).to_csv())
    elif cmd == "write-pickle":
        with open(sys.argv[2], "wb") as f:
            pickle.dump({"a": [1, 2.5, "x", None, True], "b": (1,), 3: {"n": -70000}}, f)
    elif cmd == "read-pickle":
        with open(sys.argv[2], "rb") as f:
            sys.stdout.write(json.dumps(pickle.load(f), sort_keys=True))
    elif cmd == "summary":
        df = pd.read_parquet(sys.argv[2])
        sys.stdout.write(json.dumps({"rows": len(df), "index_dtype": str(df.index.dtype),
                                     "first": str(df.index[0]), "last": str(df.index[-1]),
                                     "sums": {c: float(df[c].sum()) for c in df.columns}}))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
