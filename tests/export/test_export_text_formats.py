"""CSV, Markdown and HTML details beyond the golden files: naming, escaping, structure."""

from __future__ import annotations

import csv
import io
import zipfile

import lxml.html
import pandas as pd
import pytest

from sigqual.export import csv as csv_export
from sigqual.export import html as html_export
from sigqual.export import markdown as markdown_export
from sigqual.tables.model import Table


def _table(key: str, frame: pd.DataFrame, caption: str = "", notes: tuple[str, ...] = ()) -> Table:
    return Table(key=key, caption=caption, frame=frame, notes=notes)


@pytest.mark.parametrize(
    ("keys", "names"),
    [
        (["4a", "4b"], ["tabell-4a.csv", "tabell-4b.csv"]),
        (["4a", "4a", "4A"], ["tabell-4a.csv", "tabell-4a-2.csv", "tabell-4a-3.csv"]),
        (["5b belägg", "???"], ["tabell-5b-belagg.csv", "tabell.csv"]),
    ],
)
def test_csv_zip_member_names(keys: list[str], names: list[str]) -> None:
    tables = [_table(key, pd.DataFrame({"A": ["x"]})) for key in keys]
    with zipfile.ZipFile(io.BytesIO(csv_export.write(tables))) as archive:
        assert archive.namelist() == names
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())


@pytest.mark.parametrize(
    ("column", "values", "written"),
    [
        ("Antal", [-3, 4], ["-3", "4"]),
        ("Andel", [0.5, float("nan")], ["0.5", ""]),
        ("Text", ["-3", "=A1"], ["'-3", "'=A1"]),
        ("=Rubrik", ["x", "y"], ["x", "y"]),
        ("Citat", ['sa "hej"\nsen', "a,b"], ['sa "hej"\nsen', "a,b"]),
    ],
)
def test_csv_cells(column: str, values: list[object], written: list[str]) -> None:
    data = csv_export.write([_table("1", pd.DataFrame({column: values}))])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    grid = list(csv.reader(io.StringIO(text, newline="")))
    header = "'" + column if column.startswith("=") else column
    assert grid == [[header], *([value] for value in written)]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", r"a\|b"),
        ("rad 1\nrad 2", "rad 1<br>rad 2"),
        ("rad 1\r\nrad 2\rrad 3", "rad 1<br>rad 2<br>rad 3"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("a\\|b", r"a\\\|b"),
        ("*viktigt* och _så_", r"\*viktigt\* och \_så\_"),
        ("[länk](x) `kod` ~~bort~~ &amp;", r"\[länk\](x) \`kod\` \~\~bort\~\~ \&amp;"),
        (
            "Skolan resp. socialtjänstens – ansvar, 2014",
            "Skolan resp. socialtjänstens – ansvar, 2014",
        ),
        ("", ""),
    ],
)
def test_markdown_cell_escaping(text: str, escaped: str) -> None:
    assert markdown_export.escape_cell(text) == escaped


def test_markdown_layout() -> None:
    frame = pd.DataFrame({"Namn": ["a|b"], "Antal": [3]})
    table = _table("2", frame, caption="Tabell 2.  Teman\n per grupp", notes=("Not | ett", " "))
    assert markdown_export.write([table]).decode("utf-8") == (
        "**Tabell 2.** Teman per grupp\n"
        "\n"
        "| Namn | Antal |\n"
        "| --- | ---: |\n"
        "| a\\|b | 3 |\n"
        "\n"
        "Not \\| ett\n"
    )


@pytest.mark.parametrize(
    ("title", "page_title", "heading"),
    [(None, "Tabeller", None), ("SIG <Huddinge>", "SIG <Huddinge>", "SIG <Huddinge>")],
)
def test_html_page_structure(
    title: str | None, page_title: str, heading: str | None, sample_tables: list[Table]
) -> None:
    data = html_export.write(sample_tables, title=title)
    page = lxml.html.fromstring(data)
    assert page.findtext(".//title") == page_title
    assert [h.text_content() for h in page.iter("h1")] == ([heading] if heading else [])
    assert list(page.iter("script")) == [] and list(page.iter("link")) == []
    assert not any(element.get("src") for element in page.iter())
    policy = page.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert "default-src 'none'" in policy
    assert [s.get("id") for s in page.iter("section")] == ["tabell-4a", "tabell-4a-belagg"]
    numeric = [cell.get("class") == "num" for cell in page.find(".//section[2]//tbody/tr")]
    assert numeric == [False, False, True, True, False]
    assert [p.text_content() for p in page.find_class("note")] == [
        table.notes[0] for table in sample_tables
    ]


def test_html_escapes_everything_from_the_table() -> None:
    table = _table(
        '4"a',
        pd.DataFrame({"<b>Rubrik</b>": ["&amp; <img src=x onerror=alert(1)>"]}),
        caption="<i>Fet</i>",
        notes=("<em>not</em>",),
    )
    page = lxml.html.fromstring(html_export.write([table]))
    assert list(page.iter("b", "img", "i", "em")) == []
    assert page.findtext(".//th") == "<b>Rubrik</b>"
    assert page.findtext(".//td") == "&amp; <img src=x onerror=alert(1)>"
    assert page.find(".//caption").text_content() == 'Tabell 4"a. <i>Fet</i>'
