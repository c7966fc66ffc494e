"""kehoach: Vietnamese official plan documents → trustworthy tables and compliance reports."""

__version__ = "0.1.0"

# The extractor registry declares the record tables (kehoach.schemas.tables.TABLES) that the store
# writes and `kehoach tables` lists; importing it with the package makes that catalogue complete
# whichever module a program imports first (spaCy registers its factories the same way).
from kehoach import extractors as _extractors  # noqa: F401
