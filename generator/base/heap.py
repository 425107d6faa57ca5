"""glibc's heap, held in check where kinerja makes and frees large things (a PDF of thousands
of pages merged, the LKj of thousands of indicators rendered): freed memory goes back to the
system instead of staying with the process."""

from __future__ import annotations

import contextlib
import ctypes

M_MMAP_THRESHOLD = -3  # a mallopt parameter (glibc's malloc.h)
MMAP_THRESHOLD = 128 * 1024  # glibc's default, held fixed


def keep_large_blocks_mapped() -> None:
    """Have glibc allocate every block of 128 KiB or more with mmap, so that it goes back to
    the system when freed.

    glibc raises that threshold each time such a block is freed (up to 32 MiB), and the
    merge's and the catalog's large buffers then come from the heap and stay there: the archive
    of 2,000 indicators peaked at 328-336 MiB instead of 296 MiB, depending on nothing more
    than the length of its output folder's path. Setting it once fixes it for the process.
    Not glibc: nothing to do."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(ctypes.c_int(M_MMAP_THRESHOLD), ctypes.c_int(MMAP_THRESHOLD))


def release_freed_memory() -> None:
    """Hand the heap that qpdf freed back to the system.

    glibc keeps freed C++ objects for later C allocations, and the Python objects made after a
    merge or a fingerprint (the catalog, the signature, the manifest) come from memory of
    their own, so the process would grow past what qpdf freed: 100 to 190 MiB for the LKj
    of 2,000 indicators. Not glibc (or no malloc_trim): nothing to do.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)
