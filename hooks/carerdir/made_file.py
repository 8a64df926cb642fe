"""A generated file whose bytes are made only when MkDocs writes it, or not at all if unchanged.

Generated pages and feeds are handed to MkDocs as `MadeFile`s: MkDocs lists, writes and serves them
like any other file, but their content is made in `copy_file`, one at a time, so a prefecture's
10,000 pages are never all in memory; a file made of pieces (exports/streams.Chunks, the open data)
is written piece by piece. Under `mkdocs serve` the file may also say, through
`unchanged`, that the site folder already holds exactly these bytes from the last rebuild
(preview.py): then nothing is made or written.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.utils import is_markdown_file

from .exports.streams import Chunks


def dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the file of `src_uri`: a page "r/x.md" at "r/x/index.html" (or "r/x.html"),
    "index.md" at "index.html", anything else where it is. (MkDocs's File._get_dest_path; making a
    second File to ask it cost a second of a prefecture build. tests/test_frame.py compares.)"""
    if not is_markdown_file(src_uri):
        return src_uri
    parent, name = posixpath.split(src_uri)
    stem = posixpath.splitext(name)[0]
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


class MadeFile(File):
    """A file made by `make` as it is written. Its src_uri keeps the name MkDocs gives it
    ("r/x.md" for a page), so written pages link to it as to any page."""

    make: Callable[[MadeFile], bytes | Chunks]
    unchanged: Callable[[MadeFile], bool] | None = None

    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        # Our URIs are "/"-separated already: MkDocs's PurePath round trip (File.src_path) cost
        # 0.2 s for a prefecture's 20,000 made files, every build and every preview rebuild.
        self.src_uri = value

    @classmethod
    def made(cls, config: MkDocsConfig, src_uri: str, make: Callable[[MadeFile], bytes | Chunks],
             unchanged: Callable[[MadeFile], bool] | None = None) -> MadeFile:
        file = cls.generated(config, src_uri, content="")
        # Where MkDocs would write it (a page: "r/x/index.html"), set before `url`, derived from it.
        file.dest_uri = dest_uri(src_uri, config.use_directory_urls)
        file.make, file.unchanged = make, unchanged
        return file

    def is_documentation_page(self) -> bool:
        return False  # MkDocs copies it with the static files instead of building a Page

    @classmethod
    def holding(cls, config: MkDocsConfig, src_uri: str, content: bytes | Chunks) -> MadeFile:
        """A file whose content is already made."""
        return cls.made(config, src_uri, lambda _: content)

    @property
    def content_bytes(self) -> bytes:
        return bytes(self.make(self))

    def copy_file(self, dirty: bool = False) -> None:
        """Write the file; under mkdocs serve, over the last rebuild's file and then cut to length
        rather than emptied first, so the OS reuses its cached pages instead of taking fresh memory
        for each rebuild's 100 MB of open data (0.4 s a rebuild at 10,000 records on our 2-CPU VM)."""
        if self.unchanged is not None and self.unchanged(self):
            return
        content = self.make(self)
        with _open_for_writing(self.abs_dest_path) as (output, existed):
            if isinstance(content, Chunks):
                content.write_to(output)
            else:
                output.write(content)
            if existed:
                output.truncate()


@contextmanager
def _open_for_writing(path: str) -> Iterator[tuple[BinaryIO, bool]]:
    """`path` open for writing from its start, its folders made if missing, and whether it
    existed (then it keeps its old length until truncated). One system call per file in a cold
    build, where every file is new: not a makedirs and two opens, one failing, as before."""
    try:
        fd, existed = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), False
    except FileExistsError:
        fd, existed = os.open(path, os.O_WRONLY), True
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, existed = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666), False
    with open(fd, "wb") as output:
        yield output, existed
