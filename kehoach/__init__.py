"""kehoach: Vietnamese official plan documents → trustworthy tables and compliance reports."""

__version__ = "0.1.0"
