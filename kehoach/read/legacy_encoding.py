"""Detect and convert pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) to Unicode.

Before Unicode, Vietnamese offices typed with the ABC keyboard and ``.VnTime`` fonts (TCVN3,
TCVN 5712:1993 VN3) or with VNI fonts (``VNI-Times``). The bytes are read today through the
Windows code page, so the text arrives as mojibake:

- TCVN3: ``Céng hoµ x· héi chñ nghÜa ViÖt Nam`` (one byte per letter: ``µ`` = à, ``·`` = ã);
  the "H" fonts (``.VnTimeH``) draw the same lowercase codes as capitals.
- VNI: ``Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam`` (a base letter + a mark byte: ``aø`` = à).

The tables are data (``kehoach/data/tcvn3.json``, ``vni.json``). Detection must never fire on
Unicode Vietnamese or English, so it asks three things of a text: it has characters that
only the legacy form produces (``µ ¸ ¶ ®`` for TCVN3; ``ø û ï ä`` after a vowel for VNI), it
has almost none of the letters only Unicode Vietnamese has (``ạ ả ấ ơ ư đ`` …), and the
converted words are Vietnamese syllables (onset + vowel cluster + final, e.g. ``nghĩa``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from kehoach.text.bullets import BULLET_CLASS

TCVN3 = "TCVN3"
VNI = "VNI"

# Letters only Unicode Vietnamese has (outside Latin-1): ă đ ĩ ũ ơ ư and the U+1EA0 block.
VIETNAMESE_UNICODE_RE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
# Latin-1 letters that are ordinary in Unicode Vietnamese (so they prove nothing about legacy text).
LATIN1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
WORD_RE = re.compile(r"[^\W\d_]+")
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
# A Vietnamese syllable without its tone: onset, vowel cluster (with glides), final consonant.
SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"(?:iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|iê|yê"
    r"|[aăâeêioôơuưy])"
    r"(?:ch|nh|ng|[cmnpt])?"
)
MIN_SIGNATURE = 3  # fewer legacy-only characters than this is not evidence (a © or a bullet ·)
MIN_VALID_RATE = 0.7  # share of converted words that must be Vietnamese syllables
# Font families whose text is TCVN3 (".VnTime", ".VnArial", ".VnTimeH" …) or VNI ("VNI-Times" …).
TCVN3_FONT_RE = re.compile(r"^\.vn[a-z]", re.IGNORECASE)
VNI_FONT_RE = re.compile(r"^vni[- _]", re.IGNORECASE)


def _byte_char(b: int) -> str:
    """How a legacy byte appears once read through the Windows code page (Latin-1 where cp1252 has a hole)."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


DATA_DIR = Path(__file__).resolve().parent.parent / "data"


# cp1252's 0x80–0x9F punctuation; its five holes stay as the Latin-1 control code.
_CP1252_HIGH = {b: _byte_char(b) for b in range(0x80, 0xA0)}


def windows_text(data: bytes) -> str:
    """Bytes as a Windows editor showed them (cp1252, never failing): the form legacy tables are keyed on."""
    return data.decode("latin-1").translate({b: ch for b, ch in _CP1252_HIGH.items()})


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def tcvn3_table() -> dict[str, str]:
    """TCVN3 mojibake character → Unicode letter."""
    return {_byte_char(int(k, 16)): v for k, v in _load("tcvn3.json")["to_unicode"].items()}


@lru_cache(maxsize=1)
def vni_table() -> dict[str, str]:
    """VNI mojibake sequence (one or two characters) → Unicode letter."""
    return {"".join(_byte_char(b) for b in bytes.fromhex(v)): k for k, v in _load("vni.json")["from_unicode"].items()}


@lru_cache(maxsize=1)
def _vni_re() -> re.Pattern[str]:
    keys = sorted(vni_table(), key=len, reverse=True)  # two-character sequences first
    return re.compile("|".join(map(re.escape, keys)))


@lru_cache(maxsize=1)
def _signatures() -> tuple[frozenset[str], re.Pattern[str]]:
    tcvn = frozenset(ch for ch in tcvn3_table() if ch not in LATIN1_VIETNAMESE)
    marks = {seq[1] for seq in vni_table() if len(seq) == 2 and seq[1] not in LATIN1_VIETNAMESE}
    singles = {seq for seq in vni_table() if len(seq) == 1 and seq not in LATIN1_VIETNAMESE}
    vni = re.compile(rf"[aeiouyAEIOUYôöÔÖ][{re.escape(''.join(sorted(marks)))}]|[{re.escape(''.join(sorted(singles)))}]")
    return tcvn, vni


@lru_cache(maxsize=1)
def _any_signature_re() -> re.Pattern[str]:
    tcvn, _ = _signatures()
    vni = {ch for seq in vni_table() for ch in seq if ch not in LATIN1_VIETNAMESE and not ch.isascii()}
    return re.compile(f"[{re.escape(''.join(sorted(tcvn | vni)))}]")


def decode_tcvn3(text: str, uppercase: bool = False, restore_capitals: bool = True) -> str:
    """TCVN3 mojibake → Unicode (``uppercase`` for the H fonts, which draw lowercase codes as capitals).

    In plain text the font is lost, and with it the capitals VN3 has no code for: "CéNG HßA"
    was "CỘNG HÒA" on paper. Those are restored (:func:`_restore_capitals`).
    """
    table = tcvn3_table()
    out = "".join(table.get(ch, ch) for ch in text)
    if uppercase:
        return out.upper()
    if not restore_capitals:  # the font is known (.VnTime, not .VnTimeH): lowercase is what was typed
        return out
    lines = out.split("\n")
    return "\n".join(
        _restore_capitals(line, i == 0 or not lines[i - 1].strip() or lines[i - 1].rstrip().endswith((".", "!", "?")))
        for i, line in enumerate(lines)
    )


# A word (letters only) and a line start with its list marker ("- ", "1. ", "a) ").
_LINE_START_RE = re.compile(rf"^[\s{BULLET_CLASS}>\d.)(#]*")
# A list item: "- Ủy ban MTTQVN xã …;" — items open with a capital.
_LIST_ITEM_RE = re.compile(rf"^\s*[{BULLET_CLASS}]\s")
# What comes right before a document-number code: "/KH", "- UBND".
_CODE_BEFORE_RE = re.compile(r"[/-]\s*$")
# The toned lowercase letters VN3 has a code for while their capitals need the H fonts.
_TONED_LOWER = frozenset("àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def _restore_capitals(line: str, sentence_start: bool) -> str:
    """Capitals lost by VN3: in an all-caps word ("CộNG" → "CỘNG"), all-caps line, or a sentence's first letter."""
    words = list(WORD_RE.finditer(line))
    if not words:
        return line

    def caps_shape(w: str) -> bool:  # every letter outside VN3's lowercase toned set is a capital
        rest = [c for c in w if c not in _TONED_LOWER]
        return bool(rest) and all(c.isupper() for c in rest)

    # words with two letters VN3 writes as capitals or not: the evidence for an all-caps line
    # (a code after "/" or "-" is capitals in any line: "Số: /KH - UBND")
    shaped = [
        w
        for w in words
        if sum(1 for c in w.group(0) if c not in _TONED_LOWER) >= 2 and not _CODE_BEFORE_RE.search(line, 0, w.start())
    ]
    caps_line = len(shaped) >= 1 and sum(caps_shape(w.group(0)) for w in shaped) >= 0.6 * len(shaped)
    chars = list(line)
    for w in words:
        text = w.group(0)
        upper_rest = sum(1 for c in text if c.isupper())
        if not any(c in _TONED_LOWER for c in text):
            continue
        if caps_shape(text) and (upper_rest >= 2 or caps_line):
            chars[w.start() : w.end()] = text.upper()
        elif caps_line and all(c in _TONED_LOWER for c in text):
            chars[w.start() : w.end()] = text.upper()  # "ở" in "Ở TỈNH" typed in the H font
    start = _LINE_START_RE.match(line).end()
    if (sentence_start or _LIST_ITEM_RE.match(line)) and start < len(chars) and chars[start] in _TONED_LOWER and not caps_line:
        chars[start] = chars[start].upper()  # "ñy ban nh©n d©n" opened a sentence: "Ủy ban nhân dân"
    return "".join(chars)


def decode_vni(text: str) -> str:
    """VNI mojibake → Unicode."""
    table = vni_table()
    return _vni_re().sub(lambda m: table[m.group(0)], text)


def encode_legacy(text: str, name: str) -> bytes:
    """Unicode → legacy bytes (TCVN3 or VNI), as an old editor would have saved them. For tests and tools."""
    text = unicodedata.normalize("NFC", text)
    if name == TCVN3:
        inverse = {v: k for k, v in _load("tcvn3.json")["to_unicode"].items()}
        out = bytearray()
        for ch in text:
            if ch in inverse:
                out.append(int(inverse[ch], 16))
            elif ch.lower() in inverse and not ch.isascii():
                out.append(int(inverse[ch.lower()], 16))  # VN3 has no toned capitals: the H fonts draw them
            else:
                out += ch.encode("cp1252", "replace")
        return bytes(out)
    if name == VNI:
        table = _load("vni.json")["from_unicode"]
        return b"".join(bytes.fromhex(table[ch]) if ch in table else ch.encode("cp1252", "replace") for ch in text)
    raise ValueError(name)


def _is_syllable(word: str) -> bool:
    bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))
    return SYLLABLE_RE.fullmatch(bare) is not None


def _valid_rate(before: str, after: str) -> tuple[int, float]:
    """(number of words the conversion changed, share of them that are Vietnamese syllables)."""
    old, new = WORD_RE.findall(before), WORD_RE.findall(after)
    changed = (
        [n for o, n in zip(old, new, strict=False) if o != n]
        if len(old) == len(new)
        else [w for w in new if VIETNAMESE_UNICODE_RE.search(w)]
    )
    if not changed:
        return 0, 0.0
    return len(changed), sum(map(_is_syllable, changed)) / len(changed)


def detect_legacy(text: str) -> str | None:
    """``"TCVN3"``, ``"VNI"`` or None. Never fires on Unicode Vietnamese or English (see module doc)."""
    tcvn_sig, vni_sig_re = _signatures()
    n_tcvn = sum(1 for ch in text if ch in tcvn_sig)
    n_vni = len(vni_sig_re.findall(text))
    if max(n_tcvn, n_vni) < MIN_SIGNATURE:
        return None
    n_unicode = len(VIETNAMESE_UNICODE_RE.findall(text))
    best, best_score = None, 0.0
    for name, n_sig, decode in ((TCVN3, n_tcvn, decode_tcvn3), (VNI, n_vni, decode_vni)):
        if n_sig < MIN_SIGNATURE or n_unicode > 0.05 * n_sig:
            continue
        changed, rate = _valid_rate(text, decode(text))
        if changed >= MIN_SIGNATURE and rate >= MIN_VALID_RATE and changed * rate > best_score:
            best, best_score = name, changed * rate
    return best


def convert_legacy_text(text: str) -> tuple[str, str | None]:
    """Return (unicode_text, name_of_legacy_encoding_or_None).

    The whole text is tested first; when it is not legacy as a whole (a Unicode page with a
    pasted legacy paragraph), each line is tested on its own.
    """
    any_sig = _any_signature_re()
    if not any_sig.search(text):  # the common case, at C speed: no character only legacy text has
        return text, None
    name = detect_legacy(text)
    if name == TCVN3:
        return decode_tcvn3(text), name
    if name == VNI:
        return decode_vni(text), name
    lines = text.split("\n")
    found = None
    for i, line in enumerate(lines):
        line_name = detect_legacy(line) if any_sig.search(line) else None
        if line_name:
            lines[i] = decode_tcvn3(line) if line_name == TCVN3 else decode_vni(line)
            found = found or line_name
    return ("\n".join(lines), found) if found else (text, None)


def legacy_font(font_name: str | None) -> str | None:
    """The legacy encoding a font implies: ``.VnTime`` → TCVN3, ``VNI-Times`` → VNI, else None."""
    if not font_name:
        return None
    name = font_name.strip()
    if TCVN3_FONT_RE.match(name):
        return TCVN3
    if VNI_FONT_RE.match(name):
        return VNI
    return None


def convert_font_text(text: str, font_name: str | None) -> str | None:
    """Text of a run in a legacy font → Unicode, or None when the font is not legacy.

    A run already holding Unicode Vietnamese letters is left alone (the font was kept but the
    text was retyped in Unicode).
    """
    name = legacy_font(font_name)
    if name is None or VIETNAMESE_UNICODE_RE.search(text):
        return None
    if name == TCVN3:
        upper = font_name.strip().rstrip("0123456789 ").upper().endswith("H")
        return decode_tcvn3(text, uppercase=upper, restore_capitals=False)
    return decode_vni(text)
