"""Value-based recognition: audio references and credentials are recognised by their shape.

A string that *is* an audio data URL or a recording URL is audio wherever it stands; one that
*is* a JWT, a bearer token or an API-key-shaped token is a secret. Inside longer text the same
shapes are replaced inline (:func:`replace_inline`), in every mode, because secrets are
always scrubbed and an embedded recording is never content.
"""

from __future__ import annotations

from typing import Final

import re2

from phiguard.policy import FieldClass

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

# Credentials. Shapes of well-known key formats (OpenAI/Anthropic "sk-", AWS access key ids,
# GitHub, Slack, Google API keys, Stripe, GitLab), JWTs, and HTTP auth schemes.
_SECRET = (
    r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"
    r"|(?i:bearer|basic|token)\s+[A-Za-z0-9._~+/-]{12,}=*"
    r"|sk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{20,}"
    r"|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|(?:AKIA|ASIA)[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_[A-Za-z0-9_]{30,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}"
    r"|AIza[0-9A-Za-z_-]{35}"
    r"|glpat-[A-Za-z0-9_-]{20,}"
)

_AUDIO_EXT = r"(?i:wav|mp3|ogg|oga|opus|flac|m4a|aac|webm|amr|mulaw|ulaw|pcm|au|aiff?)"

# Audio references: data URLs, URLs or paths of audio files, and recording endpoints.
_AUDIO = (
    r"data:audio/[A-Za-z0-9.+-]+[;,][^\s\"'<>]*"
    r"|(?i:(?:https?|s3|gs|wss?|file|az|abfss?)://)[^\s\"'<>]*"
    r"(?:\." + _AUDIO_EXT + r"(?:[?#][^\s\"'<>]*)?"
    r"|/(?i:recordings?)/[^\s\"'<>]*)"
)

_AUDIO_PATH = r"(?:~|\.{0,2})/?(?:[^\s\"'<>/]+/)*[^\s\"'<>/]+\." + _AUDIO_EXT

_SECRET_RE: Final = re2.compile(_SECRET, _OPTIONS)
_AUDIO_RE: Final = re2.compile(_AUDIO, _OPTIONS)
_WHOLE_SECRET: Final = re2.compile(r"^\s*(?:" + _SECRET + r")\s*$", _OPTIONS)
_WHOLE_AUDIO: Final = re2.compile(r"^\s*(?:" + _AUDIO + "|" + _AUDIO_PATH + r")\s*$", _OPTIONS)
_INLINE: Final = re2.compile("(" + _SECRET + ")|(" + _AUDIO + ")", _OPTIONS)

#: Strings shorter than this cannot hold any of the shapes above; skipping them keeps the
#: per-field cost of metadata-only records near zero.
MIN_SHAPE_CHARS: Final = 12

SECRET_MARKER: Final = "[REDACTED:secret]"
AUDIO_MARKER: Final = "[REDACTED:audio]"


_AUDIO_SUFFIXES: Final = frozenset(
    {
        ".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".webm", ".amr",
        ".mulaw", ".ulaw", ".pcm", ".au", ".aif", ".aiff",
    }
)


def may_hold_shape(text: str) -> bool:
    """A cheap gate: ``False`` means no secret or audio shape can be in ``text``.

    Every pattern above contains one of these literals. Substring tests cost tens of
    nanoseconds where one call into RE2 costs over a microsecond, and nearly every string a
    service logs (ids, statuses, timestamps) fails all of them.
    """
    return (
        "://" in text or "data:audio" in text or "eyJ" in text or "sk-" in text
        or "_live_" in text or "_test_" in text or "AKIA" in text or "ASIA" in text
        or ("gh" in text and ("ghp_" in text or "gho_" in text or "ghu_" in text
                             or "ghs_" in text or "ghr_" in text or "github_pat_" in text))
        or "xox" in text or "AIza" in text or "glpat-" in text
        or _has_scheme_word(text.lower())
    )


def _has_scheme_word(lowered: str) -> bool:
    return "bearer" in lowered or "basic" in lowered or "token" in lowered


def _audio_path_suffix(text: str) -> bool:
    dot = text.rfind(".")
    return dot > 0 and text[dot:].rstrip().lower() in _AUDIO_SUFFIXES


def classify_value(text: str, *, gate: bool | None = None) -> FieldClass | None:
    """Return ``SECRET`` or ``AUDIO`` when the whole of ``text`` is such a value, else None.

    ``gate`` is :func:`may_hold_shape` of ``text`` when the caller has computed it already.
    """
    if len(text) < MIN_SHAPE_CHARS:
        return None
    if may_hold_shape(text) if gate is None else gate:
        if _WHOLE_SECRET.search(text) is not None:
            return FieldClass.SECRET
        if _WHOLE_AUDIO.search(text) is not None:
            return FieldClass.AUDIO
    elif _audio_path_suffix(text) and _WHOLE_AUDIO.search(text) is not None:
        return FieldClass.AUDIO
    return None


def replace_inline(text: str, *, audio: bool) -> tuple[str, int]:
    """Replace secrets (and, when ``audio`` is true, audio references) inside ``text``.

    Returns:
        The new text and the number of replacements.
    """
    if len(text) < MIN_SHAPE_CHARS or not may_hold_shape(text) or _INLINE.search(text) is None:
        return text, 0
    count = 0

    def repl(match: re2._Match) -> str:
        nonlocal count
        if match.group(1) is not None:
            count += 1
            return SECRET_MARKER
        if audio:
            count += 1
            return AUDIO_MARKER
        return str(match.group(0))

    return _INLINE.sub(repl, text), count
