"""Write a reviewed plan: draft records in one transaction, with history, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from simple_history.utils import bulk_create_with_history

from activities.models import (
    Activity,
    Event,
    Partnership,
    PublicationStatus,
    Reference,
    Synergy,
    ThematicArea,
)
from decisions.models import (
    Convention,
    Document,
    Meeting,
    Organization,
    Secretariat,
)
from reports.models import Report, SectionHeading

from . import citations
from .plan import ImportRefused, Plan, Proposal

EDITABLE = (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)


@dataclass
class Written:
    """What the write created, updated and left alone."""

    report: Report | None = None
    created: list[Activity] = field(default_factory=list)
    updated: list[Activity] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Writer:
    def __init__(self, plan: Plan, user=None, progress=None):
        self.plan, self.user = plan, user
        self.progress = progress or (lambda done, total: None)
        self.reason = f"Imported from {plan.filename}"
        self.areas = {a.slug: a for a in ThematicArea.objects.all()}
        self.conventions = {c.code: c for c in Convention.objects.all()}
        self.secretariats = {s.code: s for s in Secretariat.objects.all()}
        self.organizations = {o.slug: o for o in Organization.objects.all()}
        self.meetings = Meeting.objects.in_bulk(
            {slug for p in plan.proposals for slug in p.events}, field_name="slug"
        )
        self.decisions = citations.lookup_decisions(
            {tuple(key) for p in plan.proposals for key in p.decisions}
        )
        symbols = {r.document for p in plan.proposals for r in p.references}
        self.documents = {
            d.symbol: d for d in Document.objects.filter(symbol__in=symbols - {""})
        }

    def stamp(self, instance) -> None:
        """Who and why, for django-simple-history."""
        instance._change_reason = self.reason
        if self.user is not None:
            instance._history_user = self.user

    def save(self, instance, where: str) -> None:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise ImportRefused(f"{where}: {describe(error)}") from error
        self.stamp(instance)
        instance.save()

    def add(self, instance, where: str, created: bool) -> None:
        """A row of a new activity waits to be written with its kind's others in
        one bulk insert with history (run()); the database's constraints still
        check it there. A row of an existing activity is saved at once."""
        if not created:
            self.save(instance, where)
            return
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ImportRefused(f"{where}: {describe(error)}") from error
        self.pending.setdefault(type(instance), []).append(instance)

    def report(self) -> Report:
        plan = self.plan
        fields = dict(plan.report_fields)
        match = fields.pop("_match", None)
        report = Report.objects.get(pk=match) if match else Report(kind=plan.kind)
        report.slug, report.title = plan.slug, plan.title
        if plan.kind == Report.Kind.QUARTERLY:
            report.year, report.quarter = plan.year, plan.quarter
        else:
            report.biennium = plan.biennium
        for name, value in fields.items():
            setattr(report, name, value)
        self.save(report, "The report")
        report.section_headings.all().delete()
        for annex, area, heading in plan.headings:
            row = SectionHeading(
                report=report,
                annex=annex,
                thematic_area=self.areas[area],
                heading=heading,
            )
            self.save(row, f"The heading {heading!r}")
        return report

    def activity(self, proposal: Proposal, written: Written) -> Activity | None:
        """Save the activity (its history waits until its relations are set)."""
        where = self.where(proposal)
        if proposal.match:
            activity = Activity.objects.filter(pk=proposal.match).first()
            if activity is None:
                raise ImportRefused(f"{where}: the matching activity was deleted.")
            if activity.publication_status not in EDITABLE:
                written.kept.append(activity.slug)
                return None
        else:
            activity = Activity(publication_status=PublicationStatus.DRAFT)
        area = self.areas.get(proposal.area)
        if area is None:
            raise ImportRefused(f"{where}: no thematic area {proposal.area!r}.")
        activity.slug, activity.title = proposal.slug, proposal.title
        activity.narrative, activity.thematic_area = proposal.narrative, area
        activity.biennium, activity.status = proposal.biennium, proposal.status
        activity.position = proposal.position
        created = activity.pk is None
        # One history record per activity, taken once its relations are set (each
        # many-to-many change would otherwise record the whole activity again).
        activity.skip_history_when_saving = True
        self.save(activity, where)
        relations = {
            "conventions": [self.conventions[c] for c in proposal.conventions],
            "secretariats": [self.secretariats[s] for s in proposal.secretariats],
            "decisions": [self.decisions[tuple(k)] for k in proposal.decisions],
        }
        for name, rows in relations.items():
            if created:  # written for all new activities at once, in run()
                through = getattr(Activity, name).through
                column = getattr(Activity, name).field.m2m_reverse_field_name()
                self.links.setdefault(through, []).extend(
                    through(activity=activity, **{column: row}) for row in rows
                )
            else:
                getattr(activity, name).set(rows)
        (written.created if created else written.updated).append(activity)
        return activity

    @staticmethod
    def where(proposal: Proposal) -> str:
        return f"Paragraph at line {proposal.line} ({proposal.title[:60]!r})"

    def details(
        self, activity: Activity, proposal: Proposal, where: str, created: bool
    ) -> None:
        if not created:
            activity.references.all().delete()
            activity.synergies.all().delete()
            activity.events.filter(meeting__slug__in=proposal.events).delete()
        for slug in proposal.events:
            meeting = self.meetings[slug]
            event = Event(
                activity=activity,
                kind=Event.Kind.MEETING,
                title=meeting.title[:300],
                start_date=meeting.start_date,
                end_date=meeting.end_date,
                meeting=meeting,
                city=meeting.city,
                country=meeting.country,
                online=meeting.online,
            )
            self.add(event, f"{where}, event {meeting.title[:60]!r}", created)
        for position, ref in enumerate(proposal.references):
            row = Reference(
                activity=activity,
                marker=ref.marker,
                text=ref.text,
                url=ref.url,
                document=self.documents.get(ref.document),
                position=position,
            )
            self.add(row, f"{where}, footnote {ref.marker}", created)
        for slug in dict.fromkeys(proposal.partners):
            organization = self.organizations[slug]
            if created:
                self.pending.setdefault(Partnership, []).append(
                    Partnership(activity=activity, organization=organization)
                )
            else:
                Partnership.objects.get_or_create(
                    activity=activity, organization=organization
                )
        if proposal.synergy:
            self.add(
                Synergy(activity=activity, description=proposal.synergy),
                f"{where}, synergy",
                created,
            )

    def run(self) -> Written:
        written = Written()
        self.links: dict[type, list] = {}
        self.pending: dict[type, list] = {}
        with transaction.atomic():
            if self.plan.make_report:
                written.report = self.report()
            placeable = [p for p in self.plan.proposals if p.placeable]
            saved = []
            for done, proposal in enumerate(placeable, start=1):
                activity = self.activity(proposal, written)
                if activity is not None:
                    saved.append((activity, proposal))
                self.progress(done, len(placeable) * 2)
            for through, rows in self.links.items():
                through.objects.bulk_create(rows)
            for done, (activity, proposal) in enumerate(saved, start=1):
                created = activity in written.created
                del activity.skip_history_when_saving
                post_save.send(
                    sender=Activity,
                    instance=activity,
                    created=created,
                    raw=False,
                    using="default",
                )
                self.details(activity, proposal, self.where(proposal), created)
                self.progress(len(placeable) + done, len(placeable) * 2)
            for model, rows in self.pending.items():
                bulk_create_with_history(
                    rows,
                    model,
                    default_user=self.user,
                    default_change_reason=self.reason,
                )
            self.progress(len(placeable) * 2, len(placeable) * 2)
        return written


def write_plan(plan: Plan, user=None, progress=None) -> Written:
    """Write the plan's placeable proposals as drafts, all or nothing."""
    if plan.problems:
        raise ImportRefused(" ".join(plan.problems))
    if not any(p.placeable for p in plan.proposals):
        raise ImportRefused(f"no activity could be placed ({plan.summary()}).")
    try:
        return Writer(plan, user, progress).run()
    except (DatabaseError, OverflowError) as error:
        # A value too long or too large for its column, or a row that changed
        # between the preview and the confirmation.
        raise ImportRefused(f"{error}") from error
    except ValidationError as error:
        # The report was issued between the preview and the confirmation.
        raise ImportRefused(describe(error)) from error
    except (KeyError, ObjectDoesNotExist) as error:
        raise ImportRefused(f"a record the preview used is gone ({error}).") from error
