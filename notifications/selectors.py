"""Reads for the outbox: counts for people, previews of every email kind."""

from dataclasses import dataclass

from . import kinds
from .services import RenderedEmail, notification_render


@dataclass(frozen=True)
class KindPreview:
    kind: kinds.EmailKind
    rendered: RenderedEmail


def email_kind_previews() -> list[KindPreview]:
    return [
        KindPreview(
            kind=kind, rendered=notification_render(kind=kind.name, context=kind.example_context)
        )
        for kind in kinds.all_kinds()
    ]
