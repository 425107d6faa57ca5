"""Page fingerprints (pdf/pagehash.py): version 2 hashes what a document's pages share once,
covers what version 1 covers, and archives keep being read with the version they recorded."""

from __future__ import annotations

import itertools
import json
import zlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pdf import bundle as bundle_module
from generator.pdf import pagehash
from generator.pdf.bundle import PAGES_RECORD_KEY, build_bundle, merge_pdfs
from generator.pdf.verify import verify_bundle
from tests.unit.pdf.test_bundle import META, make_inputs
from tests.unit.pdf.test_merge import tagged_like

VERSIONS = sorted(pagehash.VERSIONS)


def _shared_image_pdf(path: Path, pages: int) -> Path:
    """Pages that all use one /Resources with one image, as LibreOffice writes them."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, b"\x80" * 3000)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 50, 20, 8
    image.ColorSpace = pikepdf.Name.DeviceRGB
    resources = pdf.make_indirect(pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image)))
    for number in range(pages):
        content = pikepdf.Stream(pdf, b"q 50 0 0 20 72 %d cm /Im1 Do Q" % (700 - number))
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=resources,
            Contents=content,
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path, compress_streams=False)  # the image's raw bytes stay 3,000
    return path


@pytest.mark.parametrize("versi", VERSIONS)
def test_a_merge_keeps_the_fingerprint(tmp_path: Path, versi: int) -> None:
    source = tagged_like(tmp_path / "lkj.pdf", pages=5, unused=10)
    images = _shared_image_pdf(tmp_path / "img.pdf", pages=3)
    out = tmp_path / "cetak.pdf"
    merge_pdfs([images, source, images], out)
    with pikepdf.open(source) as src, pikepdf.open(images) as img, pikepdf.open(out) as merged:
        own = pagehash.pages_fingerprint(src.pages, versi)
        assert pagehash.pages_fingerprint(merged.pages[3:8], versi) == own
        shared = pagehash.pages_fingerprint(img.pages, versi)
        assert pagehash.pages_fingerprint(merged.pages[0:3], versi) == shared
        assert pagehash.pages_fingerprint(merged.pages[8:11], versi) == shared


def _fingerprints_after(path: Path, change: str) -> dict[int, str]:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pages = pdf.pages
        if change == "content":
            pages[1].obj.Contents.write(b"q 50 0 0 20 72 600 cm /Im1 Do Q")
        elif change == "image":  # a resource every page shares: all of them change
            pages[0].obj.Resources.XObject.Im1.write(b"\x81" * 3000)
        elif change == "box":
            pages[2].obj.MediaBox = [0, 0, 595, 936]
        elif change == "order":
            pages.reverse()
        return {v: pagehash.pages_fingerprint(pages, v) for v in VERSIONS}


@pytest.mark.parametrize("change", ["content", "image", "box", "order"])
def test_what_a_page_shows_changes_its_fingerprint(tmp_path: Path, change: str) -> None:
    path = _shared_image_pdf(tmp_path / "a.pdf", pages=3)
    before = _fingerprints_after(path, "none")
    after = _fingerprints_after(path, change)
    for versi in VERSIONS:
        assert before[versi] != after[versi], (change, versi)


def test_version_2_hashes_a_shared_resource_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _shared_image_pdf(tmp_path / "a.pdf", pages=40)
    reads: list[int] = []
    original = pikepdf.Object.read_raw_bytes

    def counted(self: pikepdf.Object) -> bytes:
        data = original(self)
        reads.append(len(data))
        return data

    monkeypatch.setattr(pikepdf.Object, "read_raw_bytes", counted)
    with pikepdf.open(path) as pdf:
        pagehash.pages_fingerprint(pdf.pages, 2)
        assert reads.count(3000) == 1 and len(reads) == 41
        reads.clear()
        pagehash.pages_fingerprint(pdf.pages, 1)
        assert reads.count(3000) == 40


def _graph_pdf(path: Path, edges: list[tuple[int, int]], roots: list[int]) -> Path:
    """Two pages whose resources reach six objects that refer to each other as ``edges`` say
    (sharing, cycles, self references)."""
    pdf = pikepdf.new()
    nodes = [pdf.make_indirect(pikepdf.Dictionary(N=k)) for k in range(6)]
    for k, (a, b) in enumerate(edges):
        nodes[a][f"/E{k}"] = nodes[b]
    resources = pikepdf.Dictionary({f"/R{k}": nodes[r] for k, r in enumerate(roots)})
    for number in range(2):
        content = pikepdf.Stream(pdf, b"%d" % number)
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Resources=resources, Contents=content
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def _reachable(edges: list[tuple[int, int]], roots: list[int]) -> set[int]:
    found, todo = set(roots), list(roots)
    while todo:
        node = todo.pop()
        for a, b in edges:
            if a == node and b not in found:
                found.add(b)
                todo.append(b)
    return found


@settings(max_examples=40, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=14),
    roots=st.lists(st.integers(0, 5), min_size=1, max_size=3),
    extra=st.tuples(st.integers(0, 5), st.integers(0, 5)),
)
def test_any_object_graph_survives_a_merge_and_an_added_link_shows(
    tmp_path_factory: pytest.TempPathFactory,
    edges: list[tuple[int, int]],
    roots: list[int],
    extra: tuple[int, int],
) -> None:
    """Objects that refer to each other in any way: the fingerprint does not depend on object
    numbers (the merge renumbers them), and one more reference from an object a page
    reaches changes it."""
    folder = tmp_path_factory.mktemp("graf")
    path = _graph_pdf(folder / "a.pdf", edges, roots)
    other = _shared_image_pdf(folder / "b.pdf", pages=1)
    merge_pdfs([other, path], folder / "m.pdf")
    linked = _graph_pdf(folder / "c.pdf", [*edges, extra], roots)
    with (
        pikepdf.open(path) as alone,
        pikepdf.open(folder / "m.pdf") as merged,
        pikepdf.open(linked) as more,
    ):
        for versi in VERSIONS:
            expected = pagehash.pages_fingerprint(alone.pages, versi)
            assert pagehash.pages_fingerprint(merged.pages[1:], versi) == expected
            if extra[0] in _reachable(edges, roots):
                assert pagehash.pages_fingerprint(more.pages, versi) != expected


class _Unkept(pagehash._Merkle):
    """Version 2 with nothing reused: every digest computed where it is met."""

    def _part(self, obj: object) -> tuple[bytes, int]:
        part = super()._part(obj)
        self.memo.clear()
        return part


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=14),
    roots=st.lists(st.integers(0, 5), min_size=1, max_size=3),
)
def test_a_reused_digest_is_the_one_computed_afresh(
    tmp_path_factory: pytest.TempPathFactory, edges: list[tuple[int, int]], roots: list[int]
) -> None:
    """Reuse is exact: a digest taken from the memo is the one the walk would compute there,
    whatever refers to what (so the order pages are walked in cannot change a digest)."""
    path = _graph_pdf(tmp_path_factory.mktemp("graf") / "a.pdf", edges, roots)
    with pikepdf.open(path) as pdf:
        pages = list(pdf.pages)
        kept, fresh = pagehash._Merkle(pages), _Unkept(pages)
        assert [kept.page(p) for p in pages] == [fresh.page(p) for p in pages]
        backwards = pagehash._Merkle(pages)
        assert [backwards.page(p) for p in reversed(pages)][::-1] == [fresh.page(p) for p in pages]


def test_a_crafted_cycle_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Objects in a cycle are walked afresh wherever met; a file built to make that
    exponential stops at ``MAX_VISITS`` with an error, not after hours."""
    pdf = pikepdf.new()
    nodes = [pdf.make_indirect(pikepdf.Dictionary(N=k)) for k in range(40)]
    for a, b in itertools.pairwise(nodes):
        a.L, a.R = b, b  # two ways to the next one: 2**40 paths
    nodes[-1].Back = nodes[0]
    content = pikepdf.Stream(pdf, b"")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, Resources=nodes[0], Contents=content)
    pdf.pages.append(pikepdf.Page(page))
    monkeypatch.setattr(pagehash, "MAX_VISITS", 10_000)
    with pytest.raises(pagehash.TooComplex):
        pagehash.pages_fingerprint(pdf.pages, 2)


def test_a_link_to_its_own_page_is_a_cycle_not_a_loop(tmp_path: Path) -> None:
    path = _shared_image_pdf(tmp_path / "a.pdf", pages=2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            link = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[0, 0, 10, 10],
                    Dest=[page.obj, pikepdf.Name.Fit],
                )
            )
            page.obj.Annots = pdf.make_indirect(pikepdf.Array([link]))
        pdf.save(tmp_path / "b.pdf")
    merge_pdfs([path, tmp_path / "b.pdf"], tmp_path / "m.pdf")
    with pikepdf.open(tmp_path / "b.pdf") as alone, pikepdf.open(tmp_path / "m.pdf") as merged:
        for versi in VERSIONS:
            expected = pagehash.pages_fingerprint(alone.pages, versi)
            assert pagehash.pages_fingerprint(merged.pages[2:4], versi) == expected


def _record(pdf_path: Path) -> dict[str, Any]:
    with pikepdf.open(pdf_path) as pdf:
        data: dict[str, Any] = json.loads(
            zlib.decompress(pdf.Root[PAGES_RECORD_KEY].read_raw_bytes())
        )
        return data


def _halaman(pdf_path: Path) -> tuple[bool, str]:
    check = verify_bundle(pdf_path).check("halaman")
    return check.ok, check.detail


def test_a_new_archive_records_version_2_and_verifies(tmp_path: Path) -> None:
    docs, atts = make_inputs(tmp_path / "in")
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    assert _record(info.path)["versi"] == pagehash.CURRENT == 2
    assert _halaman(info.path)[0], _halaman(info.path)[1]


def test_an_archive_of_version_1_still_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archives made before version 2 record versi 1 and are checked with version 1."""
    monkeypatch.setattr(bundle_module, "PAGES_RECORD_VERSION", 1)
    docs, atts = make_inputs(tmp_path / "in")
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    record = _record(info.path)
    assert record["versi"] == 1
    first = record["dokumen"][0]
    with pikepdf.open(info.path) as pdf:
        pages = pdf.pages[
            first["halaman_awal"] - 1 : first["halaman_awal"] - 1 + first["jumlah_halaman"]
        ]
        assert pagehash.pages_fingerprint(pages, 1) == first["sha256_halaman"]
    assert _halaman(info.path)[0], _halaman(info.path)[1]


@pytest.mark.parametrize("versi", [99, "2", [2]])
def test_an_unknown_record_version_fails_and_says_so(tmp_path: Path, versi: object) -> None:
    docs, atts = make_inputs(tmp_path / "in")
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    record = _record(info.path)
    record["versi"] = versi
    with pikepdf.open(info.path, allow_overwriting_input=True) as pdf:
        pdf.Root[PAGES_RECORD_KEY].write(
            zlib.compress(json.dumps(record).encode()), filter=pikepdf.Name.FlateDecode
        )
        pdf.save(info.path)
    ok, detail = _halaman(info.path)
    assert not ok and "tidak dikenal" in detail, detail


@pytest.mark.parametrize("versi", VERSIONS)
def test_a_changed_page_fails_the_check_in_either_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, versi: int
) -> None:
    monkeypatch.setattr(bundle_module, "PAGES_RECORD_VERSION", versi)
    docs, atts = make_inputs(tmp_path / "in")
    info = build_bundle(docs, atts, META, tmp_path / "arsip.pdf")
    first = _record(info.path)["dokumen"][0]
    with pikepdf.open(info.path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[first["halaman_awal"] - 1]
        page.obj.Contents = pikepdf.Stream(pdf, b"BT /F1 14 Tf 72 760 Td (HALAMAN PALSU) Tj ET")
        pdf.save(info.path)
    ok, detail = _halaman(info.path)
    assert not ok and "berbeda dari catatan" in detail, detail
