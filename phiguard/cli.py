"""The ``phiguard`` command line.

Subcommands:

* ``phiguard demo`` -- a simulated voice call logged through structlog and stdlib logging in
  every workspace mode, shown side by side.
* ``phiguard scrub`` -- a streaming JSONL filter: each line in, one scrubbed line out.

Exit status: 0 on success, 2 on a usage, policy or input/output error, 1 when the reader of
the output went away (a closed pipe), 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Final, Protocol, TextIO

from phiguard import __version__
from phiguard._engine.scrubber import Scrubber
from phiguard.errors import PhiguardWarning, PolicyError
from phiguard.policy import (
    PHIGUARD_POLICY,
    Action,
    FieldClass,
    Mode,
    Policy,
    WorkspaceSettings,
    load_policy,
)

__all__ = ["MAX_LINE_BYTES", "main"]

MAX_LINE_BYTES: Final = 16 * 1024 * 1024
"""Longest input line ``phiguard scrub`` reads. A longer line is not read into memory: it is
skipped and replaced by a record holding only the labels and ``phiguard.error``."""

#: Top-level keys of a JSONL record that hold its log message (structlog, stdlib, others).
SCRUB_MESSAGE_KEYS: Final = ("event", "message", "msg")

_MODES: Final = tuple(m.value for m in Mode)
_EXIT_OK: Final = 0
_EXIT_PIPE: Final = 1
_EXIT_USAGE: Final = 2
_EXIT_INTERRUPTED: Final = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``phiguard`` command.

    Args:
        argv: The arguments after the program name; ``None`` for ``sys.argv[1:]``.

    Returns:
        The exit status (argparse's own exits for ``--help``, ``--version`` and usage errors
        are returned rather than raised, so the function can be called in-process).
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else _EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return _EXIT_USAGE
    try:
        with _warnings_to_stderr():
            return handler(args)
    except KeyboardInterrupt:
        return _EXIT_INTERRUPTED


# ------------------------------------------------------------------------------ the parser

_DESCRIPTION = """\
Keep protected health information (PHI) out of the logs, traces and metrics of voice-AI
agent services. Each workspace (tenant) has a mode: standard, redacted or zero_retention.
"""

_SCRUB_EPILOG = f"""\
input lines:
  JSON object     scrubbed as a record under its workspace's mode ("event", "message" and
                  "msg" are its log message).
  other JSON      (array, string, number, true/false/null) scrubbed as the record
                  {{"value": <it>}}: an unknown field, so zero_retention drops it.
  not JSON        scanned as text and emitted as {{"message": <scanned>, "phiguard.mode": ...,
                  "phiguard.parse_error": true}}; never passed through raw, in any mode.
  blank           skipped.
  invalid UTF-8   each bad byte becomes U+FFFD before parsing; raw bytes are never echoed.
  over {MAX_LINE_BYTES // (1024 * 1024)} MiB     not read into memory; emitted as
                  {{"phiguard.error": "line_too_long", "phiguard.mode": ...}}.

policy (which modes apply):
  --mode M        one mode for every record (a single-tenant service).
  --policy FILE   a TOML policy with workspaces; records name theirs in "workspace_id"
                  (the policy's workspace_key), else --workspace, else the policy's
                  unknown_workspace_mode.
  neither         ${PHIGUARD_POLICY} or $PHIGUARD_MODE, else the defaults, under which a
                  record with no workspace is zero_retention.
  The HMAC key for hashed identifiers comes from the policy or $PHIGUARD_HMAC_KEY.

examples:
  phiguard scrub --mode redacted app.jsonl -o app.scrubbed.jsonl
  kubectl logs agent-0 | phiguard scrub --policy phiguard.toml --stats
"""

_DEMO_EPILOG = """\
Everything in the demo is synthetic: the caller, the numbers, the recording URL, and the
HMAC key (a fixed, public demo key; never use it for real data).

examples:
  phiguard demo                       all three modes, side by side when the terminal is wide
  phiguard demo --mode zero_retention only what a zero-retention workspace lets out
  phiguard demo --raw                 the exact lines each sink received
"""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phiguard",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"phiguard {__version__}")
    # Room for `scan`, `verify` and `collector-config`: each is one more subparser.
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="simulate a voice call and show what each workspace mode lets out",
        description="Simulate a call to a healthcare scheduling agent (speech-to-text, LLM,\n"
        "a booking tool call, text-to-speech, a recording) logged through a structlog\n"
        "pipeline and a stdlib logging handler, each guarded by phiguard, in a standard,\n"
        "a redacted and a zero_retention workspace; show what each sink receives.",
        epilog=_DEMO_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument(
        "--mode",
        choices=_MODES,
        help="show only this mode (default: all three)",
    )
    demo.add_argument(
        "--raw",
        action="store_true",
        help="print the exact lines each sink received, one per line, instead of tables",
    )
    demo.set_defaults(handler=_cmd_demo)

    scrub = commands.add_parser(
        "scrub",
        help="scrub JSONL logs: a streaming filter from a file or stdin to a file or stdout",
        description="Scrub JSON Lines: read INPUT line by line, write one scrubbed JSON "
        "object per line.\nStreams with constant memory; nothing is passed through raw.",
        epilog=_SCRUB_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = scrub.add_mutually_exclusive_group()
    source.add_argument("--mode", choices=_MODES, help="scrub every record under this mode")
    source.add_argument("--policy", metavar="FILE", help="a TOML policy file")
    scrub.add_argument(
        "--workspace",
        metavar="W",
        help="workspace of records that do not name one (ignored with --mode)",
    )
    scrub.add_argument(
        "input",
        nargs="?",
        default="-",
        metavar="INPUT",
        help="JSONL file to read; '-' or omitted for stdin",
    )
    scrub.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUTPUT",
        help="file to write; '-' or omitted for stdout",
    )
    scrub.add_argument(
        "--stats",
        action="store_true",
        help="print a one-line summary (counts only, never values) to stderr at the end",
    )
    scrub.set_defaults(handler=_cmd_scrub)
    return parser


# ------------------------------------------------------------------------------- helpers


def _error(message: str) -> None:
    print(f"phiguard: {message}", file=sys.stderr)


@contextlib.contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Show phiguard's configuration warnings as one plain stderr line each.

    The default display adds a source line of phiguard's own code, which means nothing to a
    command-line user; and under ``-W error`` a warning must not abort a scrub midway.
    """

    def show(  # noqa: PLR0917 - the signature warnings.showwarning is called with
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = str(message)
        _error(f"warning: {text.removeprefix('phiguard: ')}")

    with warnings.catch_warnings():
        warnings.simplefilter("always", PhiguardWarning)
        warnings.showwarning = show
        yield


def _policy_error(exc: PolicyError, file: str | None) -> int:
    message = str(exc)
    # Errors about the file itself already name it; validation errors name only the key path.
    if file is not None and exc.path not in (file, PHIGUARD_POLICY):
        message = f"{file}: {message}"
    _error(message)
    return _EXIT_USAGE


# ---------------------------------------------------------------------------------- demo


def _cmd_demo(args: argparse.Namespace) -> int:
    # Imported here: the demo pulls in structlog, which `phiguard scrub` does not need.
    from phiguard import _demo

    modes = (Mode(args.mode),) if args.mode else tuple(Mode)
    out = sys.stdout
    try:
        _demo.run(out, modes=modes, raw=args.raw)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        return _EXIT_PIPE
    return _EXIT_OK


def _silence_stdout() -> None:
    """After the reader closed the pipe: stop the interpreter's final flush from failing."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# --------------------------------------------------------------------------------- scrub


@dataclass
class _Stats:
    """Counts for ``--stats``: never a value."""

    lines: int = 0
    records: int = 0
    blank: int = 0
    not_json: int = 0
    not_object: int = 0
    too_long: int = 0
    errors: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        parts = [
            f"{self.lines} lines read",
            f"{self.records} records written",
            f"{self.blank} blank skipped",
            f"{self.not_json} not JSON (scanned as text)",
            f"{self.not_object} JSON non-objects",
        ]
        if self.too_long:
            parts.append(f"{self.too_long} too long")
        if self.errors:
            parts.append(f"{self.errors} failed closed")
        acted = ", ".join(f"{n} {a}" for a, n in sorted(self.actions.items())) or "none"
        found = ", ".join(f"{label} {n}" for label, n in sorted(self.labels.items())) or "none"
        return f"{'; '.join(parts)}; fields: {acted}; detections: {found}"


def _cmd_scrub(args: argparse.Namespace) -> int:
    policy_file: str | None = args.policy
    try:
        if args.mode is not None:
            source: Any = {"default_mode": args.mode, "unknown_workspace_mode": args.mode}
        elif args.policy is not None:
            source = args.policy
        else:
            source = None
            policy_file = os.environ.get(PHIGUARD_POLICY) or None
        scrubber = _quiet_scrubber(load_policy(source))
    except PolicyError as exc:
        return _policy_error(exc, policy_file)

    reading_stdin = args.input == "-"
    writing_stdout = args.output == "-"
    if not reading_stdin and not writing_stdout and _same_file(args.input, args.output):
        _error(f"{args.output}: is the input file; writing it would destroy what is read")
        return _EXIT_USAGE
    with contextlib.ExitStack() as stack:
        try:
            infile: IO[bytes] = (
                _stdin_bytes() if reading_stdin else stack.enter_context(open(args.input, "rb"))
            )
        except OSError as exc:
            _error(f"cannot read {args.input}: {exc.strerror or exc}")
            return _EXIT_USAGE
        try:
            outfile: _BytesOut = (
                _stdout_bytes() if writing_stdout else stack.enter_context(open(args.output, "wb"))
            )
        except OSError as exc:
            _error(f"cannot write {args.output}: {exc.strerror or exc}")
            return _EXIT_USAGE
        stats = _Stats()
        scrub = _LineScrubber(scrubber, args.workspace, stats, count_labels=args.stats)
        # Flush stdout per line so `tail -f app.log | phiguard scrub` streams; a file gets
        # the default buffering.
        flush = writing_stdout
        try:
            for line in _read_lines(infile, MAX_LINE_BYTES):
                out = scrub.line(line)
                if out is None:
                    continue
                outfile.write(out.encode("utf-8", "backslashreplace") + b"\n")
                if flush:
                    outfile.flush()
            outfile.flush()
        except BrokenPipeError:
            _silence_stdout()
            return _EXIT_PIPE
        except OSError as exc:  # e.g. a full disk, or a directory given as INPUT
            _error(f"I/O error: {exc.strerror or exc}")
            return _EXIT_USAGE
    if args.stats:
        _error(stats.line())
    return _EXIT_OK


def _quiet_scrubber(policy: Policy) -> Scrubber:
    """Build the scrubber, keeping the no-HMAC-key warning only if a ``hash`` can happen.

    The engine warns when any mode's actions hold ``hash``; but ``--mode zero_retention``
    (say) can never reach the redacted mode's ``hash``, and a warning about it would only
    teach users to ignore phiguard's warnings.
    """
    reachable = {policy.default_mode, policy.unknown_workspace_mode}
    reachable.update(ws.mode for ws in policy.workspaces.values())
    hashes = any(
        action is Action.HASH
        for mode in reachable
        for action in (
            *policy.actions[mode].values(),
            *(a for _, a in policy.key_actions.get(mode, ())),
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PhiguardWarning)
        scrubber = Scrubber(policy)
    for warning in caught:
        if hashes or "HMAC" not in str(warning.message):
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return scrubber


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _stdin_bytes() -> IO[bytes]:
    buffer: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        raise OSError("stdin has no byte stream")
    return buffer


class _BytesOut(Protocol):
    """Where ``scrub`` writes: a binary file, stdout's buffer, or :class:`_TextAsBytes`."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


def _stdout_bytes() -> _BytesOut:
    sys.stdout.flush()  # anything already written as text goes first
    buffer: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
    return buffer if buffer is not None else _TextAsBytes(sys.stdout)


class _TextAsBytes:
    """A byte-writing face for a text stream without ``.buffer`` (e.g. a ``StringIO``)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self._stream.flush()


def _read_lines(infile: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Yield input lines one at a time; ``None`` for a line longer than ``limit`` bytes.

    Never holds more than ``limit + 1`` bytes of one line: an overlong line is skipped in
    bounded chunks rather than read into memory.
    """
    while True:
        line = infile.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = infile.readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


class _LineScrubber:
    """Turns one input line into one output line (or ``None`` for a skipped blank)."""

    def __init__(
        self, scrubber: Scrubber, workspace: str | None, stats: _Stats, *, count_labels: bool
    ) -> None:
        self._scrubber = scrubber
        self._workspace = workspace
        self._stats = stats
        self._count = count_labels
        self._first = True

    def line(self, raw: bytes | None) -> str | None:
        stats = self._stats
        stats.lines += 1
        if raw is None:
            stats.too_long += 1
            return self._shell({"phiguard.error": "line_too_long"})
        # "replace": an invalid byte becomes U+FFFD, so it can neither reach the output nor
        # hide PHI from the detectors the way surrogateescape's lone surrogates could.
        text = raw.decode("utf-8", "replace")
        if self._first:
            self._first = False
            text = text.removeprefix("\ufeff")  # a BOM would make the first line "not JSON"
        text = text.rstrip("\r\n")
        if not text.strip():
            stats.blank += 1
            return None
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            stats.not_json += 1
            return self._text(text)
        if isinstance(parsed, dict):
            return self._record(parsed)
        stats.not_object += 1
        # Wrapped under an unknown key rather than scanned as a message: an unknown field
        # is dropped by zero_retention, while a message would only be scanned.
        return self._record({"value": parsed})

    def _record(self, record: dict[str, Any]) -> str:
        result = self._scrubber.scrub(
            record, workspace=self._workspace, message_keys=SCRUB_MESSAGE_KEYS
        )
        self._tally(result.summary.fields, result.summary.labels, result.summary.error)
        self._stats.records += 1
        return _dumps(result.record)

    def _text(self, text: str) -> str:
        settings = self._scrubber.resolve(None, workspace=self._workspace)
        action = self._scrubber.policy.actions[settings.mode][FieldClass.MESSAGE]
        out: dict[str, Any] = {}
        # A line we cannot parse is a log message, under the mode's action for messages;
        # but never kept as is: even standard mode scans it, since a line that failed to
        # parse may be a record cut in half whose structure we cannot see.
        if action is Action.DROP:
            self._tally({"message:drop": 1}, {}, False)
        elif action in (Action.REDACT, Action.HASH, Action.MASK):
            out["message"] = "[REDACTED:message]"
            self._tally({"message:redact": 1}, {}, False)
        else:
            if self._count:
                labels = Counter(f.label for f in self._scrubber.find(text))
                self._tally({}, labels, False)
            out["message"] = self._scrubber.scan_text(text)
        out.update(_labels(settings))
        out["phiguard.parse_error"] = True
        self._stats.records += 1
        return _dumps(out)

    def _shell(self, marker: dict[str, Any]) -> str:
        settings = self._scrubber.resolve(None, workspace=self._workspace)
        self._stats.records += 1
        return _dumps({**_labels(settings), **marker})

    def _tally(self, fields: Mapping[str, int], labels: Mapping[str, int], error: bool) -> None:
        stats = self._stats
        if error:
            stats.errors += 1
        for key, n in fields.items():  # keys are "<class>:<action>"
            action = key.rpartition(":")[2]
            stats.actions[_ACTION_WORDS.get(action, action)] += n
        stats.labels.update(labels)


_ACTION_WORDS: Final = {
    "drop": "dropped",
    "redact": "redacted",
    "hash": "hashed",
    "mask": "masked",
    "scan": "scanned",
}


def _labels(settings: WorkspaceSettings) -> dict[str, Any]:
    out: dict[str, Any] = {"phiguard.mode": settings.mode.value}
    if settings.training is not None:
        out["phiguard.training"] = settings.training.value
    if settings.retention_days is not None:
        out["phiguard.retention_days"] = settings.retention_days
    return out


def _dumps(record: dict[str, Any]) -> str:
    # ensure_ascii=False keeps non-ASCII text readable; a lone surrogate from a "\ud800"
    # escape in the input is written back as that escape by the caller's backslashreplace.
    return json.dumps(record, ensure_ascii=False, default=str)
