"""Cutting a long Word document into parts (generator.convert.parts), without LibreOffice: which
documents are cut, where, what each part holds, and which structures are converted whole."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]
from PIL import Image

from generator.convert import parts
from generator.convert.jobs import ConversionJob, ConversionResult
from tests.lkj import render_lkj_dua_belas_bidang

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SMALL = 20_000  # bytes of WordprocessingML per part: the sample's LKj in many parts


@pytest.fixture(scope="module")
def lkj(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_lkj_dua_belas_bidang(tmp_path_factory.mktemp("lkj") / "laporan.docx")


def _document(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml")


def _written(plan: parts.Plan) -> parts.Plan:
    """``plan`` with every body part's docx written (numbered from 1 for the test)."""
    for part in plan.parts:
        part.first_page = 1
        parts.write_body_part(plan, part)
    return plan


def _with_document(docx: Path, out: Path, edit: Callable[[bytes], bytes]) -> Path:
    """A copy of ``docx`` whose document.xml is ``edit`` of its own."""
    with zipfile.ZipFile(docx) as package, zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            data = package.read(info.filename)
            copy.writestr(info, edit(data) if info.filename == "word/document.xml" else data)
    return out


def _replacing(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """An edit that replaces the first ``old`` (which must be there) with ``new``."""

    def edit(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, 1)

    return edit


def test_only_a_long_word_document_is_worth_cutting(lkj: Path, tmp_path: Path) -> None:
    assert parts.worth_splitting(lkj, SMALL)
    assert not parts.worth_splitting(lkj)  # the default part is far larger than this LKj
    xlsx = tmp_path / "rekap.xlsx"
    xlsx.write_bytes(b"PK")
    assert not parts.worth_splitting(xlsx, 1)
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan zip")
    assert not parts.worth_splitting(broken, 1)  # converted whole: that conversion says why


def test_the_body_is_cut_at_hard_page_breaks_with_every_element_kept(
    lkj: Path, tmp_path: Path
) -> None:
    plan = _written(parts.plan_parts(lkj, tmp_path, SMALL))
    assert len(plan.parts) >= 4
    original = etree.fromstring(_document(lkj))[0]
    breaks = [n for n, e in enumerate(original) if e.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(plan.front) == breaks[-1] + 1  # cover and front matter, up to the body section
    with zipfile.ZipFile(lkj) as package:
        styles = parts._Styles(package.read("word/styles.xml"))
    texts = []
    for number, part in enumerate(plan.parts):
        body = etree.fromstring(_document(part.docx))[0]
        if number:  # every later part begins where the whole document turns a page anyway
            ppr = body[0].find(f"{W}pPr")
            style = ppr.find(f"{W}pStyle").get(f"{W}val")
            assert ppr.find(f"{W}pageBreakBefore") is not None or styles.page_break(style)
            assert part.start_name is not None
        texts += ["".join(e.itertext()) for e in body[:-1]]  # the last: section properties
        assert body[-1].tag == f"{W}sectPr"
        assert body[-1].find(f"{W}pgNumType").get(f"{W}start") == "1"
    expected = ["".join(e.itertext()) for e in original[len(plan.front) : -1]]
    assert texts == expected  # nothing lost, nothing doubled, in order


def test_entries_are_every_heading_and_caption_of_the_body(lkj: Path, tmp_path: Path) -> None:
    plan = _written(parts.plan_parts(lkj, tmp_path, SMALL))
    body = etree.fromstring(_document(lkj))[0][len(plan.front) : -1]
    wanted = {"Heading1", "Heading2", "Heading3", "Heading4", "KeteranganTabel", "KeteranganGambar"}
    styled = [
        e
        for e in body
        if e.tag == f"{W}p"
        and e.find(f"{W}pPr/{W}pStyle") is not None
        and e.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in wanted
    ]
    assert len(plan.entries) == len(styled) > 20
    names = [e.name for e in plan.entries]
    assert len(set(names)) == len(names)
    joined = b"".join(_document(p.docx) for p in plan.parts)
    assert all(f'w:name="{n}"'.encode() in joined for n in names)


def test_a_part_carries_only_the_images_it_shows(lkj: Path, tmp_path: Path) -> None:
    plan = _written(parts.plan_parts(lkj, tmp_path, SMALL))
    with zipfile.ZipFile(lkj) as package:
        all_media = {n for n in package.namelist() if n.startswith("word/media/")}
    seen: set[str] = set()
    for part in plan.parts:
        with zipfile.ZipFile(part.docx) as package:
            media = {n for n in package.namelist() if n.startswith("word/media/")}
            rels = package.read("word/_rels/document.xml.rels").decode()
            document = package.read("word/document.xml").decode()
        shown = set(re.findall(r'r:embed="([^"]+)"', document))
        targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="media/([^"]+)"', rels))
        assert {f"word/media/{targets[i]}" for i in shown} == media
        seen |= media
    assert seen <= all_media and len(seen) > 1


@pytest.mark.parametrize(
    ("why", "edit"),
    [
        (
            "a page count in the body",
            (
                b"<w:t>BAB I PENDAHULUAN",
                b'<w:fldSimple w:instr=" NUMPAGES "/><w:t>BAB I PENDAHULUAN',
            ),
        ),
        ("page numbers that do not restart", (b'<w:pgNumType w:fmt="decimal" w:start="1"/>', b"")),
        (
            "a first-page header",
            (
                b'<w:pgNumType w:fmt="decimal" w:start="1"/>',
                b'<w:pgNumType w:fmt="decimal" w:start="1"/><w:titlePg/>',
            ),
        ),
        ("an index this module cannot reproduce", (b'TOC \\o "1-3"', b'TOC \\c "Tabel" \\o "1-3"')),
        (
            "a footnote in the body",
            (b"<w:t>BAB IV PENUTUP", b'<w:footnoteReference w:id="1"/><w:t>BAB IV PENUTUP'),
        ),
        (
            "a link to a bookmark of another part",
            (
                b"<w:t>BAB IV PENUTUP</w:t>",
                b'<w:t>BAB IV PENUTUP</w:t></w:r><w:hyperlink w:anchor="x"><w:r><w:t>lihat</w:t></w:r></w:hyperlink><w:r>',
            ),
        ),
        (
            "a section break inside the body",
            (
                b"<w:t>BAB IV PENUTUP",
                b'<w:t>BAB IV PENUTUP</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr><w:r><w:t>',
            ),
        ),
    ],
)
def test_other_structures_are_converted_whole(
    lkj: Path, tmp_path: Path, why: str, edit: tuple[bytes, bytes]
) -> None:
    changed = _with_document(lkj, tmp_path / "ubah.docx", _replacing(*edit))
    with pytest.raises(parts.NotSplittable):
        parts.plan_parts(changed, tmp_path / "bagian", SMALL)


def test_a_numbered_list_may_not_run_across_parts(lkj: Path, tmp_path: Path) -> None:
    # ListBullet counts nothing; ListNumber continues through the document
    assert parts.plan_parts(lkj, tmp_path / "peluru", SMALL).parts
    numbered = _with_document(
        lkj,
        tmp_path / "bernomor.docx",
        lambda data: data.replace(b'w:val="ListBullet"', b'w:val="ListNumber"'),
    )
    with pytest.raises(parts.NotSplittable, match="numbered list"):
        parts.plan_parts(numbered, tmp_path / "nomor", SMALL)


def test_a_heading_inside_a_table_is_converted_whole(lkj: Path, tmp_path: Path) -> None:
    # the skeleton copies the body's own paragraphs: one in a table cell would be missed
    def heading_in_last_cell(data: bytes) -> bytes:
        head, tail = data.rsplit(b'<w:pStyle w:val="IsiTabel"/>', 1)
        return head + b'<w:pStyle w:val="Heading2"/>' + tail

    inside = _with_document(lkj, tmp_path / "dalam-tabel.docx", heading_in_last_cell)
    with pytest.raises(parts.NotSplittable, match="inside another element"):
        parts.plan_parts(inside, tmp_path / "bagian", SMALL)


def test_a_part_the_office_refuses_fails_the_whole_job(lkj: Path, tmp_path: Path) -> None:
    # what the office answers is stood in for: the test is about what the job then reports
    asked: list[Path] = []

    def refuse(job: ConversionJob) -> Future[ConversionResult]:
        asked.append(job.source)
        done: Future[ConversionResult] = Future()
        done.set_result(ConversionResult(job, False, "LibreOffice menolak", 0.1))
        return done

    target = tmp_path / "laporan.pdf"
    result = parts.convert_in_parts(ConversionJob(lkj, target, 2), refuse, SMALL)
    assert not result.ok and result.error == "LibreOffice menolak"
    assert result.job.target == target and not target.exists()
    assert [p.name for p in asked] == ["bagian-001.docx"]  # nothing after the first failure


def test_a_part_that_is_no_pdf_fails_the_whole_job(lkj: Path, tmp_path: Path) -> None:
    def garbage(job: ConversionJob) -> Future[ConversionResult]:
        job.target.write_bytes(b"%PDF-1.7 rusak")
        done: Future[ConversionResult] = Future()
        done.set_result(ConversionResult(job, True, None, 0.1))
        return done

    target = tmp_path / "laporan.pdf"
    result = parts.convert_in_parts(ConversionJob(lkj, target, 2), garbage, SMALL)
    assert not result.ok and "tidak dapat digabung" in (result.error or "")
    assert not target.exists()


def test_a_document_too_short_for_two_parts_is_converted_whole(lkj: Path, tmp_path: Path) -> None:
    with pytest.raises(parts.NotSplittable):
        parts.plan_parts(lkj, tmp_path, 100_000_000)


def test_images_weigh_on_the_size_of_their_part(
    lkj: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office holds a part's decoded images while it writes the PDF: a part of charts is
    cut sooner than a part of text (a 750-sasaran chart of 45 page-sized images in one part
    took the office 215 MiB more)."""
    with zipfile.ZipFile(lkj) as package:
        weights = parts._ImageWeights(package)
        name = next(iter(weights.targets.values()))
        with package.open(name) as fh, Image.open(fh) as image:
            pixels = image.width * image.height
        assert weights._weight(name) == 4 * pixels // parts.DECODED_PER_PART_BYTE > 0
    with_images = parts.plan_parts(lkj, tmp_path / "a", 200_000)
    monkeypatch.setattr(parts, "DECODED_PER_PART_BYTE", 10**12)  # images weigh nothing
    text_only = parts.plan_parts(lkj, tmp_path / "b", 200_000)
    assert len(with_images.parts) > len(text_only.parts)
