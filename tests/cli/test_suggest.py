"""``sigqual suggest``: the batch round trip and every input error (no half-written output)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sigqual.cli import main
from tests.nlp.codebook_fixture import CODEBOOK_YAML

ITEMS = [
    {"id": "s1", "group": "foraldrar", "text": "De tog urinprov på honom varje vecka."},
    {"id": 2, "group": "aktorer", "text": "Vi ses varannan vecka, det gör att inget glöms bort."},
    {"id": "s3", "group": "foraldrar", "text": "Det borde ha kommit tidigare, nu var det för sent."},
]


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.fixture
def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "kodbok.yaml"
    path.write_text(CODEBOOK_YAML, encoding="utf-8")
    return path


def run(*args: str) -> int:
    return main(["suggest", *args, "--embeddings", "off"])


def test_round_trip(tmp_path: Path, codebook_file: Path) -> None:
    inp = write_jsonl(tmp_path / "items.jsonl", ITEMS)
    examples = write_jsonl(tmp_path / "coded.jsonl", [
        {"group": "aktorer", "text": "Vi träffas ofta.", "code": "Regelbundna och täta möten"},
        {"group": "foraldrar", "text": "Det kom i rätt läge.", "code": "Tidpunkt för insatsen",
         "kind": "success_factor"},
        {"group": "foraldrar", "text": "Bra möte.", "code": "ff-prov", "positive": False},
    ])
    out = tmp_path / "out.jsonl"
    assert run("--codebook", str(codebook_file), "--input", str(inp), "--output", str(out),
               "--examples", str(examples), "--top", "4") == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["s1", 2, "s3"]
    for line in lines:
        sugg = line["suggestions"]
        assert len(sugg) == 4
        assert all({"code_id", "label", "kind", "theme", "score", "why"} <= set(s) for s in sugg)
        assert {s["kind"] for s in sugg} <= {"theme", "success_factor", "development_area"}
        assert sum(s["kind"] != "theme" for s in sugg) >= 3
        assert any(s["kind"] == "theme" for s in sugg)
    first = [s["code_id"] for s in lines[0]["suggestions"] if s["kind"] != "theme"]
    assert first[0] == "ff-prov"
    third = [s["code_id"] for s in lines[2]["suggestions"] if s["kind"] != "theme"]
    assert third[0] == "uo-tid"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_default_codebook_and_top(tmp_path: Path) -> None:
    inp = write_jsonl(tmp_path / "items.jsonl", [
        {"id": "a", "group": "foraldrar", "text": "Han fick lämna urinprov varje vecka, knark."},
    ])
    out = tmp_path / "out.jsonl"
    assert run("--input", str(inp), "--output", str(out)) == 0
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(line["suggestions"]) == 10
    factors = [s["code_id"] for s in line["suggestions"] if s["kind"] != "theme"]
    assert "ff-provtagning-for-narkotika" in factors[:3]


BAD_INPUTS = [
    ('{"id": "a", "group": "foraldrar", "text": "ok"}\n{"id": "b", "group"\n', 2, "malformed JSON"),
    ('{"id": "a", "group": "foraldrar"}\n', 1, "missing field 'text'"),
    ('{"group": "foraldrar", "text": "x"}\n', 1, "missing field 'id'"),
    ('\n{"id": "a", "group": "skolan", "text": "x"}\n', 2,
     "unknown group 'skolan' .valid groups: foraldrar, aktorer"),
    ('{"id": "a", "group": "aktorer", "text": "   "}\n', 1, "empty text"),
    ('["a", "b"]\n', 1, "JSON object"),
    ('{"id": "a", "group": "aktorer", "text": "x"}\n{"id": "a", "group": "aktorer", "text": "y"}\n',
     2, "duplicate id"),
    ('{"id": [1], "group": "aktorer", "text": "x"}\n', 1, "'id' must be"),
]


@pytest.mark.parametrize(("content", "line", "message"), BAD_INPUTS)
def test_bad_input_lines(
    tmp_path: Path, codebook_file: Path, capsys: pytest.CaptureFixture[str],
    content: str, line: int, message: str,
) -> None:
    inp = tmp_path / "items.jsonl"
    inp.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    assert run("--codebook", str(codebook_file), "--input", str(inp), "--output", str(out)) == 2
    err = capsys.readouterr().err
    assert f"items.jsonl:{line}" in err
    assert re.search(message, err), err
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.jsonl", "kodbok.yaml", "out.jsonl"]


BAD_EXAMPLES = [
    ({"group": "foraldrar", "text": "x", "code": "finns-inte"}, "no code with id or label"),
    ({"group": "foraldrar", "text": "x", "code": "Tidpunkt för insatsen"}, "ambiguous"),
    ({"group": "foraldrar", "text": "x", "code": "ff-tid", "kind": "factor"}, "unknown kind"),
    ({"group": "aktorer", "text": "x", "code": "ff-prov"}, "does not apply to group"),
    ({"group": "foraldrar", "text": "", "code": "ff-prov"}, "empty text"),
    ({"group": "foraldrar", "text": "x"}, "missing field 'code'"),
    ({"group": "foraldrar", "text": "x", "code": "ff-prov", "positive": "ja"}, "'positive'"),
]


@pytest.mark.parametrize(("row", "message"), BAD_EXAMPLES)
def test_bad_example_lines(
    tmp_path: Path, codebook_file: Path, capsys: pytest.CaptureFixture[str],
    row: dict[str, object], message: str,
) -> None:
    inp = write_jsonl(tmp_path / "items.jsonl", ITEMS)
    examples = write_jsonl(tmp_path / "coded.jsonl",
                           [{"group": "aktorer", "text": "ok", "code": "ff-tata"}, row])
    out = tmp_path / "out.jsonl"
    assert run("--codebook", str(codebook_file), "--input", str(inp), "--output", str(out),
               "--examples", str(examples)) == 2
    err = capsys.readouterr().err
    assert "coded.jsonl:2" in err and message in err, err
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--top", "0"], "--top must be at least 1"), (["--input", "missing.jsonl"], "cannot read")],
)
def test_bad_arguments(
    tmp_path: Path, codebook_file: Path, capsys: pytest.CaptureFixture[str],
    extra: list[str], message: str,
) -> None:
    inp = write_jsonl(tmp_path / "items.jsonl", ITEMS)
    out = tmp_path / "out.jsonl"
    args = ["--codebook", str(codebook_file), "--input", str(inp), "--output", str(out), *extra]
    if "--input" in extra:
        args = ["--codebook", str(codebook_file), "--output", str(out),
                "--input", str(tmp_path / extra[1])]
    assert run(*args) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_output_folder(tmp_path: Path, codebook_file: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    inp = write_jsonl(tmp_path / "items.jsonl", ITEMS)
    out = tmp_path / "nope" / "out.jsonl"
    assert run("--codebook", str(codebook_file), "--input", str(inp), "--output", str(out)) == 2
    assert "output folder does not exist" in capsys.readouterr().err
