"""Peak memory of hostile and of the largest accepted inputs, each in its own process.

Every case runs ``sigqual import``'s code path (``importing.import_paths`` into a fresh
SQLite store) or the codebook loader in a child process and reports that process's
peak resident memory (``ru_maxrss``), its time and what happened. Prints Markdown for
docs/benchmarks.md. Run: ``python benchmarks/limits_bench.py`` (about a minute).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _machine import machine  # noqa: E402

from sigqual.ingest.limits import DEFAULT_LIMITS, MB  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if kind == "import":
    from pathlib import Path
    from sigqual.codebook import load_bundled_codebook
    from sigqual.importing import import_paths
    from sigqual.store import Store
    store = Store.open(Path(sys.argv[3]) / "bench.db")
    pid = store.create_project("B", load_bundled_codebook())
    started = time.perf_counter()
    report = import_paths(store, pid, [Path(path)])
    if report.errors:
        outcome = "refused: " + report.errors[0].message
    else:
        turns = sum(len(store.segments(doc_id)) for doc_id in report.imported.values())
        outcome = f"imported {len(report.imported)} file(s), {turns:,} turns"
elif kind == "yaml":
    from sigqual.codebook import parse_codebook
    from sigqual.errors import CodebookError
    text = open(path, encoding="utf-8").read()
    started = time.perf_counter()
    try:
        parse_codebook(text, "bomb.yaml")
        outcome = "loaded"
    except CodebookError as exc:
        outcome = f"refused ({len(str(exc))} characters): {exc.message}"
else:
    import sigqual.importing  # noqa: F401  (the floor: interpreter plus sigqual)
    outcome = "baseline"
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak, "seconds": seconds, "outcome": outcome}))
"""

WORDS = ("och att det som en på är för med han hon vi de inte jag du var har kan skulle "
         "skolan mamma pappa socialtjänsten fritidsgården polisen mötet hjälp förälder "
         "ungdomen gruppen veckan kvällen samtalet förtroende kontakt stöd bra svårt").split()


def _sentence(rnd: random.Random) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 16))).capitalize() + "."


def text_file(path: Path, target_bytes: int) -> None:
    """Interview-like lines (two speakers) up to ``target_bytes``."""
    rnd = random.Random(7)
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        turn = 0
        while written < target_bytes:
            speaker = "Intervjuare" if turn % 2 == 0 else "Förälder"
            line = f"{speaker}: {_sentence(rnd)} {_sentence(rnd)}\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            turn += 1


def docx_file(path: Path, xml_bytes: int) -> None:
    """A real .docx whose document.xml is ``xml_bytes`` of interview paragraphs, written in chunks."""
    import docx

    base = path.with_suffix(".base.docx")
    docx.Document().save(str(base))
    rnd = random.Random(11)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
        head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body>")
        tail = "<w:sectPr/></w:body></w:document>"
        with dst.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(head.encode())
            written, turn = len(head), 0
            while written < xml_bytes - len(tail):
                speaker = "I" if turn % 2 == 0 else "IP"
                # Markup as Word writes it: revision ids, fonts and sizes on every run.
                para = (f'<w:p w:rsidR="00{turn % 997:06X}" w:rsidRDefault="00A4C1F2"><w:pPr>'
                        '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr>'
                        '<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/>'
                        '<w:lang w:val="sv-SE"/></w:rPr>'
                        f"<w:t xml:space=\"preserve\">{speaker}: {_sentence(rnd)} {_sentence(rnd)} "
                        f"{_sentence(rnd)}</w:t></w:r></w:p>")
                data = para.encode("utf-8")
                out.write(data)
                written += len(data)
                turn += 1
            out.write(tail.encode())
    base.unlink()


def alias_bomb(path: Path, levels: int = 10) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    path.write_text("name: bomb\n" + "\n".join(lines) + "\ncodes: []\n", encoding="utf-8")


def run(kind: str, path: Path, tmp: Path) -> dict:
    work = Path(tempfile.mkdtemp(dir=tmp))
    result = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), str(work)],
                            capture_output=True, text=True, timeout=600, check=False,
                            env={"PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    print("## Import limits: peak memory (`benchmarks/limits_bench.py`)\n")
    print(f"Machine: {machine()}. Each case in a fresh process; peak RSS includes the "
          "interpreter and sigqual's imports (the baseline row).\n")
    print("| input | size | outcome | peak RSS | time |")
    print("| --- | ---: | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="sigqual-limits-") as name:
        tmp = Path(name)
        cases: list[tuple[str, str, Path]] = [("baseline (import sigqual)", "baseline", tmp / "none")]
        big_txt = tmp / "stor.txt"
        text_file(big_txt, 49 * MB)
        cases.append(("49 MB .txt", "import", big_txt))
        accepted_txt = tmp / "lang.txt"
        text_file(accepted_txt, int(DEFAULT_LIMITS.text_chars * 0.95))
        cases.append(("largest accepted .txt", "import", accepted_txt))
        folder = tmp / "intervjuer"
        folder.mkdir()
        for i in range(8):
            (folder / f"intervju-{i}.txt").write_bytes(accepted_txt.read_bytes())
        cases.append(("folder of 8 such .txt files", "import", folder))
        many_turns = tmp / "repliker.txt"
        with many_turns.open("w", encoding="utf-8") as fh:
            fh.writelines("I: ja\n" if i % 2 else "R: nej\n" for i in range(DEFAULT_LIMITS.lines - 1))
        cases.append(("most lines accepted, each a turn", "import", many_turns))
        bomb_docx = tmp / "bomb.docx"
        docx_file(bomb_docx, 100 * MB)
        cases.append(("high-ratio .docx, 100 MB XML", "import", bomb_docx))
        accepted_docx = tmp / "lang.docx"
        docx_file(accepted_docx, DEFAULT_LIMITS.office_xml_bytes * 3 // 4)
        cases.append(("largest accepted .docx", "import", accepted_docx))
        bomb_yaml = tmp / "bomb.yaml"
        alias_bomb(bomb_yaml)
        cases.append(("YAML alias bomb (9^10 values)", "yaml", bomb_yaml))
        for label, kind, path in cases:
            outcome = run(kind, path, tmp)
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            size = sum(p.stat().st_size for p in files if p.exists()) / MB
            extra = ""
            if path.suffix == ".docx":
                with zipfile.ZipFile(path) as zf:
                    xml = sum(i.file_size for i in zf.infolist() if i.filename.endswith(".xml"))
                extra = f" (XML {xml / MB:.0f} MB, ratio {xml / path.stat().st_size:.0f})"
            print(f"| {label} | {size:.1f} MB{extra} | {outcome['outcome']} | "
                  f"{outcome['peak_mb']:.0f} MB | {outcome['seconds']:.2f} s |", flush=True)
    print("\nTarget: at most 400 MB peak for any accepted input; a hostile one refused fast.")


if __name__ == "__main__":
    main()
