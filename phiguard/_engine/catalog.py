"""Temporary stub; the catalog work replaces this file."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

CATALOG: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "content": ("transcript", "utterance", "user_text", "gen_ai.input.messages", "input.value"),
        "tool_io": ("tool_args", "function.arguments", "tool_result"),
        "audio": ("recording_url", "stereo_recording_url", "audio_path"),
        "identifier": ("caller_number", "from_number", "patient_name", "email", "dob", "mrn", "member_id"),
        "secret": ("api_key", "authorization", "password", "*_token"),
        "safe": ("duration_ms", "status", "turn_count", "call_id", "level", "timestamp", "logger"),
    }
)
SAFE_METRIC_NAMES: Final[tuple[str, ...]] = ()
