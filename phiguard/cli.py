"""The ``phiguard`` command line.

Subcommands:

* ``phiguard demo`` -- a simulated voice call logged through structlog and stdlib logging in
  every workspace mode, shown side by side.
* ``phiguard scrub`` -- a streaming JSONL filter: each line in, one scrubbed line out.
* ``phiguard scan`` -- audit existing logs for PHI: counts by key path and category.
* ``phiguard verify`` -- the pre-launch check: canary PHI through the service's configured
  logging and OpenTelemetry pipelines, in every mode the policy uses.

Exit status: 0 on success, 2 on a usage, policy or input/output error, 1 when the reader of
the output went away (a closed pipe), when ``scan`` finds PHI or ``verify`` finds a leak,
130 on Ctrl-C.
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
from phiguard._lines import MAX_LINE_BYTES, read_lines
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

"""Longest input line ``phiguard scrub`` reads. A longer line is not read into memory: it is
skipped and replaced by a record holding only the labels and ``phiguard.error``."""

#: Top-level keys of a JSONL record that hold its log message (structlog, stdlib, others).
SCRUB_MESSAGE_KEYS: Final = ("event", "message", "msg")

_MODES: Final = tuple(m.value for m in Mode)
_EXIT_OK: Final = 0
_EXIT_PIPE: Final = 1
_EXIT_FOUND: Final = 1
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

    collector = commands.add_parser(
        "collector-config",
        help="render the policy as an OpenTelemetry Collector (contrib 0.135) config",
        description="Render the policy as an otelcol-contrib 0.135 configuration: OTLP in,\n"
        "routing by phiguard.mode (no mode: zero retention), per-mode processors that delete\n"
        "sensitive keys and replace PHI patterns, OTLP out to $PHIGUARD_BACKEND_ENDPOINT.\n"
        "The output is byte-identical for the same policy.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    collector.add_argument(
        "--policy", metavar="FILE", help="a TOML policy file (default: PHIGUARD_POLICY / defaults)"
    )
    collector.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: stdout)"
    )
    collector.set_defaults(handler=_cmd_collector_config)
    _add_scan_parser(commands)
    _add_verify_parser(commands)
    return parser


def _policy_source(policy: str | None) -> tuple[Any, str | None]:
    """What ``load_policy`` gets for ``--policy``, and the file to name in errors."""
    if policy is not None:
        return policy, policy
    return None, os.environ.get(PHIGUARD_POLICY) or None


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


# ---------------------------------------------------------------------------------- scan

_SCAN_EPILOG = """\
what is a finding:
  detector        PHI the detectors find in a string value, a log message, a text line or a
                  key (category PHONE, EMAIL, NAME, SSN, DATE, ADDRESS, MRN...). A date with
                  a time of day (2025-07-14T09:30:00) is a log timestamp and not counted.
  value shape     a credential or an audio reference, whole or inside text (SECRET, AUDIO).
  field:<class>   a non-empty value under a key the catalog or policy classifies content,
                  tool_io, audio, identifier or secret, even where no detector finds anything:
                  a transcript is PHI whatever was said. A value made only of phiguard markers
                  ([REDACTED:...], phi_3fa94c0e, <PHONE>, ***-4477) does not count.
                  --detectors-only leaves these out.
  Values under keys classified safe are checked for credential and audio shapes only.

formats (--format auto decides per file from its first line):
  jsonl           one JSON object per line, scanned field by field; the key path is shown
                  with list indices as [] and PHI found in a key replaced by its label.
  otlp-json       the Collector's file exporter: one {"resourceSpans"|"resourceLogs"|
                  "resourceMetrics": ...} object per line; attributes, span and event names,
                  status messages and log bodies.
  text            each line scanned with the detectors.
  A line that should be JSON and is not is counted as malformed and scanned as text; gzip is
  recognised by its content; directories are scanned recursively; binary files are skipped.

output:
  A table by key path and category with counts and up to 3 example locations (file:line)
  with masked excerpts (***-***-4477): never the PHI itself. --json for machines. A progress
  bar on stderr when it is a terminal. Memory stays constant on large inputs.

exit status:
  0  no more findings than --fail-on (default 0)
  1  more findings than --fail-on
  2  a usage or policy error, or a file that could not be read (the rest is still scanned)

examples:
  phiguard scan /var/log/agent/
  phiguard scan --json --fail-on 0 app.jsonl.gz > phi-report.json
"""


def _add_scan_parser(commands: Any) -> None:
    scan = commands.add_parser(
        "scan",
        help="audit existing logs (JSONL, text, OTLP-JSON, gzip) for PHI",
        description="Scan log files and directories for PHI; report counts by key path and\n"
        "category, with example locations, never the PHI itself.",
        epilog=_SCAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    scan.add_argument(
        "--policy", metavar="FILE", help="a TOML policy: extra [fields] and [detectors]"
    )
    scan.add_argument("--format", choices=_scan_formats(), default="auto", help="input format")
    scan.add_argument("--json", action="store_true", help="print the report as JSON")
    scan.add_argument(
        "--fail-on",
        type=_non_negative,
        default=0,
        metavar="N",
        help="exit 1 only when there are more than N findings (default 0)",
    )
    scan.add_argument(
        "--detectors-only",
        action="store_true",
        help="do not count values under sensitive keys (field:<class>) as findings",
    )
    scan.add_argument(
        "--no-excerpts", action="store_true", help="show locations without masked excerpts"
    )
    scan.set_defaults(handler=_cmd_scan)


def _scan_formats() -> tuple[str, ...]:
    from phiguard._scan import FORMATS

    return FORMATS


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _cmd_scan(args: argparse.Namespace) -> int:
    from phiguard import _scan

    source, policy_file = _policy_source(args.policy)
    try:
        scrubber = _quiet_scrubber(load_policy(source))
    except PolicyError as exc:
        return _policy_error(exc, policy_file)
    scanner = _scan.Scanner(
        scrubber, fields=not args.detectors_only, excerpts=not args.no_excerpts
    )
    report = scanner.report
    files = list(_scan.iter_files(args.paths, report))
    with _progress(files) as advance:
        for path in files:
            scanner.scan_file(path, args.format, advance)
    out = sys.stdout
    try:
        if args.json:
            json.dump(report.to_json(), out, indent=2)
            out.write("\n")
        else:
            _print_scan(report, out)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        return _EXIT_PIPE
    for path, reason in report.unreadable:
        _error(f"cannot read {path}: {reason}")
    if report.malformed:
        _error(
            f"{report.malformed} malformed line(s) (expected JSON; scanned as text, "
            "not shown)"
        )
    if report.too_long:
        _error(f"{report.too_long} line(s) over {MAX_LINE_BYTES // (1024 * 1024)} MiB skipped")
    if report.unreadable:
        return _EXIT_USAGE
    return _EXIT_FOUND if report.total > args.fail_on else _EXIT_OK


@contextlib.contextmanager
def _progress(files: list[str]) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr when it is a terminal (bytes read of all files)."""
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty and isatty()):
        yield None
        return
    try:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
    except ImportError:  # rich is a dependency; a broken install still scans
        yield None
        return
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(path)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("scanning", total=total or None)
        yield lambda n: bar.advance(task, n)


def _print_scan(report: Any, out: TextIO) -> None:
    size = report.bytes_read / (1024 * 1024)
    out.write(
        f"phiguard scan: {len(report.files)} file(s), {report.lines:,} lines "
        f"({size:,.1f} MiB read); {report.records:,} JSON records, "
        f"{report.text_lines:,} text lines, {report.malformed:,} malformed\n"
    )
    if report.binary:
        out.write(f"skipped {len(report.binary)} binary file(s)\n")
    groups = report.sorted_groups()
    if not groups:
        out.write("no PHI found\n")
        return
    out.write(
        f"PHI found: {report.total:,} finding(s) on {report.lines_with_phi:,} line(s)\n\n"
    )
    rows = [("KEY PATH", "CATEGORY", "COUNT", "EXAMPLES")]
    for path, category, group in groups:
        examples = ", ".join(
            report.location(e) + (f" {e.excerpt}" if e.excerpt else "") for e in group.examples
        )
        rows.append((path, category, f"{group.count:,}", examples))
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(3)]
    for path, category, count, examples in rows:
        out.write(
            f"{path.ljust(widths[0])}  {category.ljust(widths[1])}  "
            f"{count.rjust(widths[2])}  {examples}".rstrip()
            + "\n"
        )


# -------------------------------------------------------------------------------- verify

_VERIFY_EPILOG = """\
what it does:
  1. loads the policy (--policy, else $PHIGUARD_POLICY / $PHIGUARD_MODE);
  2. calls --app MODULE:CALLABLE with no arguments, as the service does at startup;
  3. replaces every exporter it finds on the OpenTelemetry providers with a capturing one
     (nothing is sent anywhere), and captures what every stdlib logging handler would write
     and what the structlog chain renders;
  4. for every mode the policy can give a record (a listed workspace of that mode, an
     unlisted workspace for default_mode, no workspace for unknown_workspace_mode), pushes
     canary PHI of every class through structlog, stdlib logging and OpenTelemetry traces,
     logs and metrics: written-form canaries the detectors find (email, phone, SSN) in
     messages and free text, arbitrary canaries under content, tool_io, audio, identifier,
     secret and unknown keys;
  5. fails where a canary that the mode must remove (its action is not keep) is captured.

the --app contract:
  The callable takes no arguments, configures logging and telemetry as the service does
  (structlog.configure, logging.config.dictConfig, OpenTelemetry providers) and returns:
    None                      the global OpenTelemetry providers are checked;
    a Providers (phiguard.integrations.otel.configure) or a TracerProvider, LoggerProvider
    or MeterProvider, or a tuple/list of them;
    a dict with any of "tracer_provider", "logger_provider", "meter_provider",
    "structlog" (a bound logger, instead of the global configuration) and "loggers"
    (stdlib loggers to log through, beside the root).
  A channel the service does not configure is reported as "not configured".
  Without --app, phiguard's own documented setup is checked: ScrubProcessor, ScrubFilter
  and configure() built from the policy.

exit status: 0 all pass; 1 a leak or a misconfiguration (listed by channel, mode, sink and
key, never the canary); 2 a usage, policy or --app error.

examples:
  phiguard verify --policy phiguard.toml --app myservice.telemetry:setup
"""


def _add_verify_parser(commands: Any) -> None:
    verify = commands.add_parser(
        "verify",
        help="pre-launch check: push canary PHI through the configured pipelines",
        description="Push canary PHI of every class through the service's structlog, stdlib\n"
        "logging and OpenTelemetry pipelines in every mode the policy uses; capture what\n"
        "the exporters and handlers would emit; print a pass/fail table.",
        epilog=_VERIFY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("--policy", metavar="FILE", help="a TOML policy file")
    verify.add_argument(
        "--app",
        metavar="MODULE:CALLABLE",
        help="the service's logging/telemetry setup function (see below)",
    )
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(handler=_cmd_verify)


def _cmd_verify(args: argparse.Namespace) -> int:
    from phiguard import _verify

    source, policy_file = _policy_source(args.policy)
    try:
        policy = load_policy(source)
    except PolicyError as exc:
        return _policy_error(exc, policy_file)
    try:
        setup = _verify.load_app(args.app) if args.app else None
    except _verify.AppError as exc:
        _error(str(exc))
        return _EXIT_USAGE
    try:
        # restore=False: the capture stays installed, so nothing reaches a real exporter when
        # the providers flush at exit.
        result = _verify.verify(policy, setup, restore=False)
    except _verify.AppError as exc:
        _error(str(exc))
        return _EXIT_USAGE
    out = sys.stdout
    try:
        if args.json:
            json.dump(result.to_json(), out, indent=2)
            out.write("\n")
        else:
            result.print(out)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        return _EXIT_PIPE
    return _EXIT_OK if result.passed else _EXIT_FOUND


# --------------------------------------------------------------------------------- scrub


def _cmd_collector_config(args: argparse.Namespace) -> int:
    from phiguard.collector import main as collector_main  # lazy: a large renderer

    argv = ["--policy", args.policy] if args.policy else []
    if args.output:
        argv += ["--output", args.output]
    return collector_main(argv)


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
            for line in read_lines(infile, MAX_LINE_BYTES):
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
