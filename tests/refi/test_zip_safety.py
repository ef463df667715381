"""Hostile archives are refused before anything is unpacked or stored."""

from __future__ import annotations

import zipfile

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest.containers import ZipLimits
from sigqual.refi import import_qdpx
from sigqual.refi.container import open_qdpx
from sigqual.store import Store

from .helpers import make_zip, project_xml

QDE = project_xml('<Sources><TextSource guid="s" name="a" plainTextPath="internal://a.txt"/></Sources>')


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../evil.txt", "unsafe path"),
        ("sources/../../evil.txt", "unsafe path"),
        ("/etc/cron.d/evil", "unsafe path"),
        ("C:/Windows/evil.txt", "unsafe path"),
        ("..\\..\\evil.txt", "unsafe path"),
    ],
)
def test_zip_slip_is_refused(store: Store, member: str, message: str) -> None:
    data = make_zip({"project.qde": QDE, member: b"boom"})
    with pytest.raises(ImportError_, match=message):
        import_qdpx(store, data, filename="slip.qdpx")
    assert store.list_projects() == []


def test_zip_bomb_is_refused(store: Store) -> None:
    # 4 MB of zeros deflate to a few KB: far beyond the 100x ratio limit.
    data = make_zip({"project.qde": QDE, "sources/a.txt": b"\0" * (4 * 2**20)})
    with pytest.raises(ImportError_, match="ZIP bomb"):
        import_qdpx(store, data, filename="bomb.qdpx")
    assert store.list_projects() == []


def test_too_many_entries_are_refused(store: Store) -> None:
    members = {"project.qde": QDE, **{f"sources/{i}.txt": b"x" for i in range(2001)}}
    with pytest.raises(ImportError_, match="entries, over the limit"):
        import_qdpx(store, make_zip(members), filename="many.qdpx")


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ZipLimits(max_entries=2), "entries, over the limit of 2"),
        (ZipLimits(max_total=1000), "unpacks to"),
    ],
)
def test_limits_apply_to_the_whole_archive(limits: ZipLimits, message: str) -> None:
    data = make_zip({"project.qde": QDE, "sources/a.txt": b"y" * 900, "sources/b.txt": b"z" * 900},
                    compression=zipfile.ZIP_STORED)
    with pytest.raises(ImportError_, match=message):
        open_qdpx(data, "x.qdpx", limits)


@pytest.mark.parametrize(
    "path",
    ["internal://../../../../etc/passwd", "absolute:///etc/passwd", "relative://../secret.txt",
     "file:///etc/hostname"],
)
def test_source_paths_never_leave_the_archive(store: Store, path: str) -> None:
    qde = project_xml(f'<Sources><TextSource guid="s" name="hemlig" plainTextPath="{path}"/></Sources>')
    report = import_qdpx(store, make_zip({"project.qde": qde}), filename="ut.qdpx")
    assert report.documents == 0
    assert report.missing_sources == [f"source 'hemlig' ({path})"]


def test_xml_external_entities_are_never_read(store: Store) -> None:
    dtd = b'<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
    in_text = dtd + b'<Project name="p"><Description>&x;</Description></Project>'
    report = import_qdpx(store, make_zip({"project.qde": in_text}), filename="xxe.qdpx")
    assert store.get_project(report.project_id).description == ""
    in_attribute = dtd + b'<Project name="&x;"/>'
    with pytest.raises(ImportError_, match="external entity"):
        import_qdpx(store, make_zip({"project.qde": in_attribute}), filename="xxe.qdpx")


def test_the_archive_is_read_from_memory_only(store: Store, monkeypatch) -> None:
    """Nothing is extracted to disk: the import never calls ZipFile.extract."""
    def forbidden(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("extract called")

    monkeypatch.setattr(zipfile.ZipFile, "extract", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", forbidden)
    qde = project_xml('<Sources><TextSource guid="s" name="a" plainTextPath="internal://a.txt"/>'
                      "</Sources>")
    report = import_qdpx(store, make_zip({"project.qde": qde, "sources/a.txt": b"hej"}))
    assert report.documents == 1
