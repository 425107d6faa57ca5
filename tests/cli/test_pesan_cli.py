"""The command line leads a new office (issue 12, points 3, 6 and 8): init needs the office's
own inputs, corrections go through --perbarui, every command shows an example, commands are
listed in SOP order, the document argument is the Id from `kinerja status`, and status ends
with the next command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import kinerja
from generator.cli.common import command_line
from generator.errors import NextStep

README = Path(__file__).resolve().parents[2] / "README.md"
SOP_ORDER = [
    "contoh", "init", "memo", "formulir", "tanda-terima", "kumpulkan", "rekap", "tinjau",
    "laporan", "cetak", "paraf", "tandatangan", "arsip", "verifikasi", "status", "templat",
    "demo", "akun", "web",
]  # fmt: skip


def _own_inputs(runner: CliRunner, folder: Path) -> tuple[str, str]:
    assert runner.invoke(kinerja, ["contoh", str(folder)]).exit_code == 0
    return str(folder / "org.yaml"), str(folder / "indikator.xlsx")


def test_init_without_the_office_inputs_points_to_contoh(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    bare = runner.invoke(kinerja, ["init", "--periode", "2025", "--output", out])
    assert bare.exit_code == 1 and "--contoh" in bare.output
    assert "Langkah berikutnya: kinerja contoh FOLDER\n" in bare.output
    assert not (tmp_path / "out" / "2025").exists()
    org, _ = _own_inputs(runner, tmp_path / "data")
    half = runner.invoke(kinerja, ["init", "--periode", "2025", "--org", org, "--output", out])
    assert half.exit_code == 1 and "--indikator" in half.output
    assert len(half.output.strip().splitlines()) <= 3, half.output
    sample = runner.invoke(kinerja, ["init", "--periode", "2025", "--contoh", "--output", out])
    assert sample.exit_code == 0, sample.output


def test_inputs_are_corrected_with_perbarui(runner: CliRunner, tmp_path: Path) -> None:
    org, master = _own_inputs(runner, tmp_path / "data")
    out = str(tmp_path / "out")
    init = ["init", "--periode", "2025", "--org", org, "--indikator", master, "--output", out]
    assert runner.invoke(kinerja, init).exit_code == 0
    again = runner.invoke(kinerja, init)
    assert again.exit_code == 1 and "folder lain" not in again.output
    assert f"kinerja init --periode 2025 --perbarui --org org.yaml --output {out}" in again.output
    assert runner.invoke(kinerja, ["memo", "--periode", "2025", "--output", out]).exit_code == 0

    data = yaml.safe_load(Path(org).read_text(encoding="utf-8"))
    data["pejabat"]["sekretaris"]["nama"] = "Dra. Nama Yang Benar, M.Si."
    Path(org).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fixed = runner.invoke(
        kinerja, ["init", "--periode", "2025", "--perbarui", "--org", org, "--output", out]
    )
    assert fixed.exit_code == 0, fixed.output
    assert "diperbarui (org.yaml)" in fixed.output and "MEMO-2025-01" in fixed.output
    status = runner.invoke(kinerja, ["status", "--periode", "2025", "--output", out])
    assert "Dra. Nama Yang Benar, M.Si." in status.output


def test_a_second_output_folder_for_the_same_office_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    org, master = _own_inputs(runner, tmp_path / "data")
    first, second = tmp_path / "kantor", tmp_path / "lain"
    for out, code in ((first, 0), (second, 1)):
        result = runner.invoke(
            kinerja,
            [
                "init",
                "--periode",
                "2025",
                "--org",
                org,
                "--indikator",
                master,
                "--output",
                str(out),
            ],
        )
        assert result.exit_code == code, result.output
    assert f"--output {first.resolve()}" in result.output.replace("\n", "")


def _examples(command: click.Command) -> list[str]:
    text = command.help or ""
    assert "Contoh:" in text, f"{command.name}: --help has no example"
    block = text.split("Contoh:", 1)[1]
    return [line.split("  (")[0].strip() for line in block.splitlines() if line.strip()]


def test_every_command_has_an_example_that_uses_its_real_options() -> None:
    ctx = click.Context(kinerja)
    for name in kinerja.list_commands(ctx):
        command = kinerja.get_command(ctx, name)
        assert command is not None
        for example in _examples(command):
            words = shlex.split(example)
            assert words[0] == "kinerja", example
            target = kinerja.get_command(ctx, words[1])
            assert target is not None, example
            rest = words[2:]
            if isinstance(target, click.Group) and rest and not rest[0].startswith("-"):
                target = target.get_command(ctx, rest[0])
                assert target is not None, example
            known = {opt for p in target.params for opt in p.opts}
            for word in rest:
                if word.startswith("--"):
                    assert word in known, f"{example}: {word} is no option of {target.name}"


@pytest.mark.parametrize(
    "step",
    [
        NextStep("tandatangan", {"doc_id": "MEMO-2025-01"}),
        NextStep("cetak", {"periode": "2025", "langkah": "4"}),
        NextStep("init", {"periode": "2025", "perbarui": "true", "org": "org.yaml"}),
        NextStep("rekap", {"periode": "2025", "sebagian": "true"}),
        NextStep("setujui", {"periode": "2025"}),
        NextStep("templat_periksa", {}),
        NextStep("memo", {"periode": "2025"}),
    ],
    ids=lambda step: step.action,
)
def test_every_suggested_next_step_is_a_command_the_cli_accepts(step: NextStep) -> None:
    """The archive once suggested `kinerja tandatangan --dokumen ID`: an option that command
    never had (the Id is its argument)."""
    words = shlex.split(command_line(step))
    ctx = click.Context(kinerja)
    target: click.Command | None = kinerja
    rest = words[1:]
    while isinstance(target, click.Group):
        target, rest = target.get_command(ctx, rest[0]), rest[1:]
    assert target is not None, words
    # the parser alone: unknown options and missing arguments fail here, values are not checked
    parser = target.make_parser(click.Context(target))
    values, extra, _ = parser.parse_args(rest)
    arguments = [p.name for p in target.params if isinstance(p, click.Argument)]
    assert not extra, words
    assert all(values.get(name) is not None for name in arguments if name != "berkas"), words


def test_commands_are_listed_in_sop_order(runner: CliRunner) -> None:
    text = runner.invoke(kinerja, ["--help"]).output
    listed = re.findall(r"^  ([a-z-]+)\s{2,}", text.split("Perintah:", 1)[1], re.M)
    assert listed == SOP_ORDER


def test_paraf_and_tandatangan_take_the_document_id(runner: CliRunner) -> None:
    for name in ("paraf", "tandatangan"):
        text = runner.invoke(kinerja, [name, "--help"]).output
        assert f"kinerja {name} [OPSI] ID_DOKUMEN" in text and "NOMOR_DOKUMEN" not in text
        assert "kinerja status" in text


def test_status_ends_with_the_next_step_as_a_command(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert (
        runner.invoke(kinerja, ["init", "--periode", "2025", "--contoh", "--output", out]).exit_code
        == 0
    )
    status = runner.invoke(kinerja, ["status", "--periode", "2025", "--output", out])
    last = status.output.strip().splitlines()[-1]
    assert "Langkah berikutnya" in last and f"kinerja memo --periode 2025 --output {out}" in last


def test_the_user_guide_covers_corrections_output_and_the_workbook() -> None:
    guide = README.read_text(encoding="utf-8").split("## Panduan Pengguna", 1)[1]
    guide = guide.split("## Engineering", 1)[0]
    assert "init --periode 2025 --perbarui" in guide and "KINERJA_OUTPUT" in guide
    for sheet in ("Indikator", "Anggaran", "Renstra"):
        assert f"Lembar **`{sheet}`**" in guide
    for column in ("Kode Bidang", "Polaritas", "Realisasi TAHUN", "Pagu", "Tahun Awal"):
        assert f"| {column} |" in guide
