"""The activity form of the admin: what it fills in for staff and what it checks
across the activity and its inlines (footnote markers, owners, change reasons)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from brsportal.admin import GuardedForm

from .models import Activity, PublicationStatus
from .models.activities import OWNER_REQUIRED


class ActivityForm(GuardedForm):
    """Secretariats follow from the conventions unless chosen; a blank position
    places the activity after the others of its area and biennium; an edit of a
    published activity says why."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=100,
        required=False,
        help_text=_(
            "Kept in the history. Required when changing a published activity: "
            "visitors already read it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "secretariats" in self.fields:
            self.fields["secretariats"].required = False
            self.fields["secretariats"].help_text = _(
                "On a new activity, leave empty to take the secretariats of the "
                "conventions chosen "
                "above (Basel, Rotterdam, Stockholm: BRS; Minamata: Minamata). "
                "The secretariats own the record: their editors may change it."
            )
        if "position" in self.fields:
            self.fields["position"].required = False
            self.fields["position"].help_text = _(
                "Its paragraph's place in its thematic area in reports. Leave empty "
                "to put it after the others of its area and biennium; a number "
                "another activity holds inserts it there and moves the others down."
            )
            if self.instance.pk is None:
                self.initial["position"] = None  # blank: placed on save

    def published_before(self) -> bool:
        if not self.instance.pk:
            return False
        stored = (
            Activity.objects.filter(pk=self.instance.pk)
            .values_list("publication_status", flat=True)
            .first()
        )
        return stored == PublicationStatus.PUBLISHED

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # On a new activity only: emptying an existing one's owners stays refused.
        if (
            "secretariats" in self.fields
            and not cleaned.get("secretariats")
            and self.instance.pk is None
        ):
            derived = Activity.secretariats_of(cleaned.get("conventions") or [])
            if derived:
                cleaned["secretariats"] = derived
            else:
                self.add_error("secretariats", OWNER_REQUIRED)
        elif "secretariats" in self.fields and not cleaned.get("secretariats"):
            self.add_error("secretariats", OWNER_REQUIRED)
        if (
            self.published_before()
            and self.has_changed()
            and self.changed_data != ["change_reason"]
            and not cleaned.get("change_reason", "").strip()
            and not self.reverting
        ):
            self.add_error(
                "change_reason",
                _(
                    "This activity is published: say in a few words why you change "
                    "it (for example “corrected the event date”)."
                ),
            )
        return cleaned

    def _post_clean(self) -> None:
        if "position" in self.fields and self.cleaned_data.get("position") is None:
            self.instance.thematic_area = self.cleaned_data.get("thematic_area")
            self.instance.biennium = self.cleaned_data.get("biennium")
            if self.instance.thematic_area is not None and self.instance.biennium:
                self.cleaned_data["position"] = self.instance.next_position()
            else:
                self.cleaned_data["position"] = 0
        super()._post_clean()

    def history_reason(self) -> str:
        """What the history shows as the change's reason: the one typed, or the
        fields that changed."""
        typed = self.cleaned_data.get("change_reason", "").strip()
        if typed:
            return typed
        if not self.instance.pk or not self.changed_data:
            return str(_("Added")) if not self.changed_data else ""
        names = [
            str(self.fields[name].label or name)
            for name in self.changed_data
            if name not in ("change_reason", "version")
        ]
        return str(_("Changed: %(fields)s")) % {"fields": ", ".join(names)}


class ReferenceFormSet(BaseInlineFormSet):
    """The references of an activity, checked against the markers its narrative
    cites: a call with no reference would vanish from the public page."""

    def clean(self) -> None:
        super().clean()
        markers = [
            form.cleaned_data["marker"]
            for form in self.forms
            if form.cleaned_data.get("marker")
            and not form.cleaned_data.get("DELETE", False)
        ]
        missing = self.instance.missing_references(markers)
        if missing:
            raise ValidationError(
                _(
                    "The narrative cites %(calls)s but no reference below has "
                    "%(marker_word)s %(markers)s: add %(them)s here, or remove the "
                    "call from the narrative."
                )
                % {
                    "calls": ", ".join(f"[^{m}]" for m in missing),
                    "marker_word": _("the marker")
                    if len(missing) == 1
                    else _("the markers"),
                    "markers": ", ".join(f"“{m}”" for m in missing),
                    "them": _("it") if len(missing) == 1 else _("them"),
                },
                code="missing_reference",
            )
