"""Run the office web page on uvicorn (what `kinerja web` starts)."""

from __future__ import annotations

from pathlib import Path

from generator.errors import InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    output: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    sertifikat: Path | None = None,
    kunci: Path | None = None,
) -> None:
    """Serve until interrupted. With ``sertifikat`` and ``kunci`` (PEM) the page speaks https
    itself; behind a TLS reverse proxy on this machine, X-Forwarded-Proto from 127.0.0.1 is
    trusted so that cookies are still marked Secure."""
    import uvicorn

    from generator.web.app import create_app

    if (sertifikat is None) != (kunci is None):
        raise InputError("Untuk https berikan keduanya: --sertifikat dan --kunci.")
    uvicorn.run(
        create_app(output),
        host=host,
        port=port,
        ssl_certfile=str(sertifikat) if sertifikat else None,
        ssl_keyfile=str(kunci) if kunci else None,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
        log_level="info",
    )
