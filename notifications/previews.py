"""Every email kind rendered with its example context, for the staff preview page.

Rendering is not a read of our data, so it is kept out of selectors: this
module only pairs each registered kind with ``notification_render``'s output.
"""

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
