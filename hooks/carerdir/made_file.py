"""A generated file whose bytes are made only when MkDocs writes it, or not at all if unchanged.

Generated pages and feeds are handed to MkDocs as `MadeFile`s: MkDocs lists, writes and serves them
like any other file, but their content is made in `copy_file`, one at a time, so a prefecture's
10,000 pages are never all in memory. Under `mkdocs serve` the file may also say, through
`unchanged`, that the site folder already holds exactly these bytes from the last rebuild
(preview.py): then nothing is made or written.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


class MadeFile(File):
    """A file made by `make` as it is written. Its src_uri keeps the name MkDocs gives it
    ("r/x.md" for a page), so written pages link to it as to any page."""

    make: Callable[[MadeFile], bytes]
    unchanged: Callable[[MadeFile], bool] | None = None

    @classmethod
    def made(cls, config: MkDocsConfig, src_uri: str, make: Callable[[MadeFile], bytes],
             unchanged: Callable[[MadeFile], bool] | None = None) -> MadeFile:
        file = cls.generated(config, src_uri, content="")
        # Where MkDocs would write it (a page: "r/x/index.html"), set before `url`, derived from it.
        file.dest_uri = File(src_uri, None, config.site_dir, config.use_directory_urls).dest_uri
        file.make, file.unchanged = make, unchanged
        return file

    def is_documentation_page(self) -> bool:
        return False  # MkDocs copies it with the static files instead of building a Page

    @property
    def content_bytes(self) -> bytes:
        return self.make(self)

    def copy_file(self, dirty: bool = False) -> None:
        if self.unchanged is not None and self.unchanged(self):
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)
