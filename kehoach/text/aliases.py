"""Short names a document defines for what it has just named: "Đợt thi đua … (sau đây gọi tắt là Đợt
thi đua)", "các sở, ban, ngành, …, các xã, phường (sau đây viết tắt là cơ quan, đơn vị)", "(sau đây gọi
chung là cấp xã)", "(gọi tắt là Cổng TTĐT)". Campaigns end a name where its alias opens; the
cross-check reads the alias of a group of addressees.
"""

from __future__ import annotations

import re

_NAMED = r"(?:được\s+)?(?:gọi|viết)\s+(?:tắt\s+|chung\s+)*là\s+"
# The opening of a definition, up to the alias itself: "(sau đây gọi tắt là ", "(viết tắt là ".
ALIAS_OPEN_RE = re.compile(rf"\(\s*(?:sau\s+đây\s+)?{_NAMED}", re.I)
# A name for the rest of the document ("sau đây"), whole; group 1 is the alias without quotes. A bare
# "(viết tắt là Ban chỉ huy)" only shortens the noun right before it.
DEFINED_ALIAS_RE = re.compile(rf"\(\s*sau\s+đây\s+{_NAMED}[\"“'‘]?([^()\"”'’]{{2,60}}?)[\"”'’]?\s*\)", re.I)
