"""Readers for report containers other than plain text: Word (.docx), saved portal pages (.html),
PDF with a text layer. Each module has one ``read(path, data, options) -> Source`` registered in
``govlint.load.READERS``; each is imported only when a file of its kind is checked."""
