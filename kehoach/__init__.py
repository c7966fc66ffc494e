"""kehoach: Vietnamese official plan documents → trustworthy tables and compliance reports."""

__version__ = "0.1.0"

import os as _os

# Arrow's default pool (mimalloc) keeps what a read decompressed: reading 546 documents' rows out of
# the 13,542-document trove store left the process 200 MB larger, 48 MB with the system allocator.
# Read when pyarrow is first imported (after this, unless a program imported it before kehoach).
_os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

# The extractor registry declares the record tables (kehoach.schemas.tables.TABLES) that the store
# writes and `kehoach tables` lists; importing it with the package makes that catalogue complete
# whichever module a program imports first (spaCy registers its factories the same way).
from kehoach import extractors as _extractors  # noqa: F401
