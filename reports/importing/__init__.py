"""Bring past documents in: read a file, propose records, write them once reviewed.

``propose_file()`` reads a .docx, .pdf, .txt or .md file and returns a ``Plan``
(nothing is written); staff review it (the admin's preview, or the command's
output), then ``write_plan()`` writes it as drafts in one transaction. Decision and
document symbols are found and looked up only through ``citations``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from activities.models import Biennium

from .layout import read_layout
from .plan import ImportRefused, Plan, Proposal, Unplaced
from .propose import make_plan
from .readers import MAX_BYTES, Source, read_source
from .write import Written, write_plan

__all__ = [
    "MAX_BYTES",
    "ImportRefused",
    "Plan",
    "Proposal",
    "Source",
    "Unplaced",
    "Written",
    "propose_file",
    "write_plan",
]


def propose_file(
    name: str,
    data: bytes,
    *,
    slug: str = "",
    title: str = "",
    biennium: int | None = None,
    default_area: str = "",
    make_report: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Source, Plan]:
    """Read the file and propose its records; raises ImportRefused, writes nothing."""
    if biennium is not None:
        text = str(biennium).strip()
        try:
            # A first year is even: "2025" names no biennium's start.
            if text.isdigit() and int(text) % 2:
                raise ValidationError(Biennium.message())
            biennium = Biennium.parse(text)
        except ValidationError as error:
            raise ImportRefused(" ".join(error.messages)) from error
    step = progress or (lambda _: None)
    step("reading")
    source = read_source(name, data)
    step("layout")
    layout = read_layout(source.text)
    step("proposing")
    plan = make_plan(
        layout,
        source.text,
        filename=name,
        slug=slug,
        title=title,
        biennium=biennium,
        default_area=default_area,
        make_report=make_report,
    )
    plan.read["pages"] = source.pages
    return source, plan
