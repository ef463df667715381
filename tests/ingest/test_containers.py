from __future__ import annotations

import zipfile

import pytest

from sigqual.errors import ImportError_
from sigqual.ingest.containers import (
    ZipLimits,
    check_members,
    format_size,
    sniff,
    unsafe_member_name,
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"{\\rtf1\\ansi}", "rtf"),
        (b"\xef\xbb\xbf{\\rtf1}", "rtf"),
        (b"%PDF-1.7", "pdf"),
        (b"junk before " + b"%PDF-1.4", "pdf"),
        (b"\x00\x00\x00\x20ftypM4A ", "audio"),
        (b"ID3\x04", "audio"),
        (b"I: Hej", None),
        ("Förälder".encode("cp1252"), None),
    ],
)
def test_sniff(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("ok/for-01.txt", False),
        ("for..01.txt", False),
        ("../for-01.txt", True),
        ("a/../../etc/passwd", True),
        ("/etc/passwd", True),
        ("C:/Windows/x.txt", True),
        ("a\\..\\x.txt", True),
    ],
)
def test_unsafe_member_name(name: str, unsafe: bool) -> None:
    assert unsafe_member_name(name) is unsafe


def _info(name: str, size: int, compressed: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.file_size = size
    info.compress_size = compressed
    return info


@pytest.mark.parametrize(
    ("infos", "limits", "message"),
    [
        ([_info(f"{i}.txt", 1, 1) for i in range(4)], ZipLimits(max_entries=3),
         "the archive has 4 entries, over the limit of 3"),
        ([_info("a.txt", 600, 600), _info("b.txt", 600, 600)], ZipLimits(max_total=1024),
         "the archive unpacks to 1.2 KB, over the 1.0 KB limit"),
        ([_info("bomb.txt", 200 * 2**20, 2**20)], ZipLimits(),
         "member 'bomb.txt' expands 200 times (limit 100): possible ZIP bomb"),
        ([_info("../x.txt", 1, 1)], ZipLimits(),
         "unsafe path in archive: '../x.txt' (absolute or containing '..')"),
    ],
    ids=["entries", "total size", "ratio", "traversal"],
)  # fmt: skip
def test_check_members_refuses(infos, limits: ZipLimits, message: str) -> None:
    with pytest.raises(ImportError_) as info:
        check_members(infos, "batch.zip", limits)
    assert (info.value.file, info.value.message) == ("batch.zip", message)


def test_check_members_accepts_small_well_compressed_members() -> None:
    check_members([_info("styles.xml", 500_000, 100), _info("a.txt", 10, 10)], "x.zip")


@pytest.mark.parametrize(
    ("size", "text"),
    [(50 * 2**20, "50 MB"), (int(80.2 * 2**20), "80.2 MB"), (1536, "1.5 KB")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
