"""scrubadub, both ways (extra ``phiguard[scrubadub]``; scrubadub is imported lazily).

- :class:`ScrubadubDetector` is a phiguard :class:`~phiguard._engine.detectors.base.Detector`
  that runs scrubadub detectors (its defaults, named ones such as ``"spacy"`` or
  ``"address"`` when their plugins are installed, or detector instances) and turns their
  filth into findings. Add it beside the built-in detectors for extra recall (e.g. NER
  names), at scrubadub's speed.
- :func:`scrubadub_detector_class` returns a scrubadub ``Detector`` class running phiguard's
  detectors, and :func:`register_scrubadub_detector` registers it in scrubadub's catalogue
  (as ``"phiguard"``), so scrubadub users can write ``scrubadub.Scrubber(detector_list=
  ["phiguard"])``.

Importing this module does not import scrubadub; the first use does, and raises
``ImportError`` with an install hint if it is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from phiguard._engine.detectors.base import DetectorSet, Finding

if TYPE_CHECKING:
    from phiguard._engine.detectors.base import Detector

__all__ = [
    "FILTH_LABELS",
    "ScrubadubDetector",
    "register_scrubadub_detector",
    "scrubadub_detector_class",
]

#: scrubadub filth types and the phiguard label each becomes.
FILTH_LABELS: Mapping[str, str] = {
    "address": "ADDRESS",
    "location": "ADDRESS",
    "postalcode": "ZIP",
    "credential": "SECRET",
    "credit_card": "CREDIT_CARD",
    "date_of_birth": "DATE",
    "drivers_licence": "LICENSE_OR_DEVICE_ID",
    "vehicle_licence_plate": "LICENSE_OR_DEVICE_ID",
    "email": "EMAIL",
    "name": "NAME",
    "phone": "PHONE",
    "social_security_number": "SSN",
    "tax_reference_number": "SSN",
    "national_insurance_number": "SSN",
    "skype": "NAME",
    "twitter": "NAME",
    "url": "URL",
}


def _import_scrubadub() -> Any:
    try:
        import scrubadub
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "phiguard's scrubadub integration needs scrubadub: pip install 'phiguard[scrubadub]'"
        ) from exc
    return scrubadub


class ScrubadubDetector:
    """A phiguard detector backed by scrubadub detectors.

    Args:
        detectors: scrubadub detector names (``"email"``, ``"spacy"``), classes or
            instances; ``None`` for scrubadub's default set.
        id: The detector id used in policies and summaries.
        locale: scrubadub's locale.
        default_label: Label for filth types missing from :data:`FILTH_LABELS`.
    """

    __slots__ = ("_default_label", "_scrubber", "id")

    def __init__(
        self,
        detectors: Sequence[Any] | None = None,
        *,
        id: str = "scrubadub",
        locale: str = "en_US",
        default_label: str = "NAME",
    ) -> None:
        scrubadub = _import_scrubadub()
        self.id = id
        self._default_label = default_label
        if detectors is None:
            self._scrubber = scrubadub.Scrubber(locale=locale)
        else:
            self._scrubber = scrubadub.Scrubber(detector_list=list(detectors), locale=locale)

    def find(self, text: str) -> list[Finding]:
        """Return scrubadub's filth in ``text`` as findings."""
        out: list[Finding] = []
        for filth in self._scrubber.iter_filth(text):
            for part in getattr(filth, "filths", None) or [filth]:
                label = FILTH_LABELS.get(part.type, self._default_label)
                if part.end > part.beg:
                    out.append(Finding(part.beg, part.end, label, self.id))
        return out

    def __repr__(self) -> str:
        return f"ScrubadubDetector(id={self.id!r})"


def scrubadub_detector_class(detectors: Sequence[Detector] | None = None) -> type[Any]:
    """Return a scrubadub ``Detector`` class that runs phiguard detectors.

    Args:
        detectors: The phiguard detectors to run; ``None`` for all built-in ones.

    Each finding becomes a scrubadub ``Filth`` whose ``type`` is the lowercase phiguard
    label (``"phone"``, ``"member_id"``), so scrubadub's replacement reads ``{{PHONE}}``.
    """
    scrubadub = _import_scrubadub()
    if detectors is None:
        from phiguard._engine.detectors.builtin import builtin_detectors

        detectors = builtin_detectors()
    detector_set = DetectorSet(detectors)
    filth_classes: dict[str, type[Any]] = {}

    def filth_class(label: str) -> type[Any]:
        cls = filth_classes.get(label)
        if cls is None:
            cls = type(f"Phiguard{label.title().replace('_', '')}Filth",
                       (scrubadub.filth.Filth,), {"type": label.lower()})
            filth_classes[label] = cls
        return cls

    for label in ("NAME", "PHONE", "EMAIL", "SSN", "DATE", "ADDRESS", "ZIP", "MRN",
                  "MEMBER_ID", "ACCOUNT", "CREDIT_CARD", "IP", "URL", "AGE_OVER_89",
                  "LICENSE_OR_DEVICE_ID", "SECRET"):
        filth_class(label)

    class PhiguardDetector(scrubadub.detectors.Detector):  # type: ignore[misc,name-defined]
        """scrubadub detector running phiguard's RE2 detectors (written and spoken PHI)."""

        name = "phiguard"
        filth_cls = scrubadub.filth.Filth

        def iter_filth(self, text: str, document_name: str | None = None) -> Any:
            for f in detector_set.find(text):
                yield filth_class(f.label)(
                    beg=f.start, end=f.end, text=text[f.start : f.end],
                    detector_name=self.name, document_name=document_name,
                    locale=self.locale,
                )

    return PhiguardDetector


def register_scrubadub_detector(*, autoload: bool = False) -> type[Any]:
    """Register phiguard's detectors in scrubadub's catalogue as ``"phiguard"``.

    Args:
        autoload: Whether ``scrubadub.Scrubber()`` should load it by default.

    Returns:
        The registered detector class.
    """
    scrubadub = _import_scrubadub()
    cls = scrubadub_detector_class()
    scrubadub.detectors.register_detector(cls, autoload=autoload)
    return cls
