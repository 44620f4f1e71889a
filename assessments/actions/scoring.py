"""The scoring workflow: draft → self-scored → scored → reviewed → published, with returns and reopenings."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.actions.common import locked, require_status
from assessments.actions.schemes import freeze_scheme
from assessments.models import (
    Assessment,
    AssessmentEvent,
    Deduction,
    DeductionRule,
    Item,
    ItemScore,
    Scheme,
    Veto,
    VetoFinding,
    band_for,
)
from villages.models import Village
from villages.roles import require_may_change, require_town_office

Status = Assessment.Status
Event = AssessmentEvent.Action
EDITABLE_BY_ASSESSOR = (Status.DRAFT, Status.SELF_SCORED, Status.RETURNED, Status.SCORED)


@dataclass(frozen=True)
class DeductionInput:
    points: Decimal | None
    note: str
    evidence_file: UploadedFile | None = None
    evidence_link: str = ""
    rule: DeductionRule | None = None


def _event(assessment: Assessment, action: str, actor, *, item: Item | None = None, note: str = "") -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, actor=actor, item=item, note=note)


def _bump(assessment: Assessment, *fields: str) -> None:
    assessment.version += 1
    assessment.save(update_fields=["version", *fields])


def refresh_totals(assessment: Assessment) -> None:
    """Totals and grade from the item scores; narrow save."""
    sums = assessment.item_scores.aggregate(total=Sum("points"), self_total=Sum("self_points"))
    assessment.total = sums["total"]
    assessment.self_total = sums["self_total"]
    bands = list(assessment.scheme.bands.all())
    assessment.grade = band_for(bands, assessment.total, vetoed=assessment.vetoed) if assessment.total is not None \
        else None


@transaction.atomic
def open_period(*, scheme: Scheme, period: str, villages: Sequence[Village] | None = None) -> int:
    """Open an assessment with an empty score per item for every village of the town; set-based, idempotent."""
    villages = list(villages) if villages is not None else list(
        Village.objects.filter(town=scheme.town, is_active=True).only("pk"))
    existing = set(Assessment.objects.filter(scheme=scheme, period=period).values_list("village_id", flat=True))
    created = Assessment.objects.bulk_create(
        [Assessment(scheme=scheme, village=village, period=period) for village in villages
         if village.pk not in existing],
        batch_size=500,
    )
    if not created:
        return 0
    village_ids = [a.village_id for a in created]
    created = list(Assessment.objects.filter(scheme=scheme, period=period, village_id__in=village_ids))
    items = list(scheme.items.all())
    ItemScore.objects.bulk_create(
        [ItemScore(assessment=assessment, item=item) for assessment in created for item in items], batch_size=1000
    )
    AssessmentEvent.objects.bulk_create([AssessmentEvent(assessment=a, action=Event.OPENED) for a in created])
    return len(created)


@transaction.atomic
def self_score(*, item_score: ItemScore, points: Decimal, note: str = "", scored_by, version: int | None = None
               ) -> ItemScore:
    """The village's own score for an item, before the town scores it."""
    assessment = locked(item_score.assessment, version)
    require_may_change(scored_by, assessment.village)
    require_status(assessment, Status.DRAFT, Status.RETURNED)
    if points is None or points < 0 or points > item_score.item.max_points:
        raise ValidationError({"self_points": _("Enter between 0 and %(max)s points.")
                               % {"max": item_score.item.max_points}})
    item_score.self_points = points
    item_score.self_note = note
    item_score.full_clean()
    item_score.save(update_fields=["self_points", "self_note"])
    refresh_totals(assessment)
    _bump(assessment, "self_total")
    _event(assessment, Event.SELF_SCORED, scored_by, item=item_score.item, note=str(points))
    return item_score


@transaction.atomic
def submit(*, assessment: Assessment, submitted_by) -> Assessment:
    """The village hands its self-assessment to the town."""
    assessment = locked(assessment)
    require_may_change(submitted_by, assessment.village)
    require_status(assessment, Status.DRAFT, Status.RETURNED)
    missing = assessment.item_scores.filter(item__method=Item.Method.ENTERED, self_points__isnull=True)
    if missing.exists():
        raise ValidationError(_("Score every item yourself before submitting."))
    assessment.status = Status.SELF_SCORED
    assessment.submitted_at = timezone.now()
    assessment.return_reason = ""
    _bump(assessment, "status", "submitted_at", "return_reason")
    _event(assessment, Event.SUBMITTED, submitted_by)
    return assessment


def _deduction(item_score: ItemScore, entry: DeductionInput, recorded_by) -> Deduction:
    points = entry.points
    if points is None and entry.rule is not None:
        points = entry.rule.points
    deduction = Deduction(
        item_score=item_score, rule=entry.rule, points=points, note=(entry.note or "").strip(),
        evidence_link=(entry.evidence_link or "").strip(), recorded_by=recorded_by,
    )
    if entry.evidence_file:
        deduction.evidence_file = entry.evidence_file
    errors = {}
    if points is None or points <= 0:
        errors["points"] = _("A deduction takes away more than 0 points.")
    if not deduction.note:
        errors["note"] = _("Every deduction needs a note saying why.")
    if not entry.evidence_file and not deduction.evidence_link:
        errors["evidence"] = _("Every deduction needs evidence: a file or a link to the records.")
    if entry.rule is not None and entry.rule.item_id != item_score.item_id:
        errors["rule"] = _("This deduction rule belongs to another item.")
    if errors:
        raise ValidationError(errors)
    deduction.full_clean(exclude=["recorded_by"])
    return deduction


@transaction.atomic
def score_item(*, item_score: ItemScore, deductions: Sequence[DeductionInput] = (), note: str = "", scored_by,
               version: int | None = None) -> ItemScore:
    """The town's score for an entered item: its maximum less the deductions in force, each with a note and evidence."""
    require_town_office(scored_by)
    assessment = locked(item_score.assessment, version)
    if assessment.status == Status.REOPENED:
        if not item_score.reopened:
            raise ValidationError(_("Only the reopened item may be scored now."))
    else:
        require_status(assessment, *EDITABLE_BY_ASSESSOR)
    item = item_score.item
    if item.is_computed:
        raise ValidationError(_("This item is computed from the records."))
    new = [_deduction(item_score, entry, scored_by) for entry in deductions]
    in_force = sum((d.points for d in item_score.deductions.filter(is_active=True)), Decimal(0))
    lost = in_force + sum((d.points for d in new), Decimal(0))
    if lost > item.max_points:
        raise ValidationError({"points": _("Deductions of %(lost)s points exceed the item's maximum of %(max)s.")
                               % {"lost": lost, "max": item.max_points}})
    for deduction in new:
        deduction.save()
    item_score.points = item.max_points - lost
    item_score.note = note
    item_score.scored_by = scored_by
    item_score.scored_at = timezone.now()
    item_score.reopened = False
    item_score.save(update_fields=["points", "note", "scored_by", "scored_at", "reopened"])
    freeze_scheme(assessment.scheme)
    _after_scoring(assessment)
    _event(assessment, Event.SCORED, scored_by, item=item,
           note=_("%(points)s of %(max)s points") % {"points": item_score.points, "max": item.max_points})
    return item_score


def _after_scoring(assessment: Assessment) -> None:
    refresh_totals(assessment)
    fields = ["total", "self_total", "grade"]
    if not assessment.item_scores.filter(points__isnull=True).exists() and assessment.status != Status.SCORED:
        assessment.status = Status.SCORED
        assessment.scored_at = timezone.now()
        fields += ["status", "scored_at"]
    _bump(assessment, *fields)


@transaction.atomic
def withdraw_deduction(*, deduction: Deduction, reason: str, withdrawn_by) -> Deduction:
    require_town_office(withdrawn_by)
    item_score = deduction.item_score
    assessment = locked(item_score.assessment)
    if assessment.status == Status.REOPENED and not item_score.reopened:
        raise ValidationError(_("Only the reopened item may be changed now."))
    if assessment.status != Status.REOPENED:
        require_status(assessment, *EDITABLE_BY_ASSESSOR)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deduction is withdrawn.")})
    deduction.is_active = False
    deduction.withdrawn_reason = reason.strip()
    deduction.save(update_fields=["is_active", "withdrawn_reason"])
    if item_score.points is not None:
        item_score.points = min(item_score.item.max_points, item_score.points + deduction.points)
        item_score.save(update_fields=["points"])
    _after_scoring(assessment)
    _event(assessment, Event.DEDUCTION_WITHDRAWN, withdrawn_by, item=item_score.item, note=reason)
    return deduction


@transaction.atomic
def apply_veto(*, assessment: Assessment, veto: Veto, note: str, evidence_file: UploadedFile | None = None,
               evidence_link: str = "", recorded_by) -> VetoFinding:
    """A one-vote veto, proven with evidence: the result falls to the lowest grade."""
    require_town_office(recorded_by)
    assessment = locked(assessment)
    require_status(assessment, *EDITABLE_BY_ASSESSOR, Status.REOPENED)
    if veto.scheme_id != assessment.scheme_id:
        raise ValidationError({"veto": _("This veto belongs to another scheme.")})
    finding = VetoFinding(assessment=assessment, veto=veto, note=note.strip(), evidence_link=evidence_link.strip(),
                          recorded_by=recorded_by)
    if evidence_file:
        finding.evidence_file = evidence_file
    if not finding.has_evidence:
        raise ValidationError({"evidence": _("Every deduction needs evidence: a file or a link to the records.")})
    finding.full_clean()
    finding.save()
    assessment.vetoed = True
    refresh_totals(assessment)
    _bump(assessment, "vetoed", "grade")
    freeze_scheme(assessment.scheme)
    _event(assessment, Event.VETOED, recorded_by, note=f"{veto.title}：{finding.note}")
    return finding


@transaction.atomic
def return_with_reason(*, assessment: Assessment, reason: str, returned_by) -> Assessment:
    require_town_office(returned_by)
    assessment = locked(assessment)
    require_status(assessment, Status.SELF_SCORED, Status.SCORED, Status.REVIEWED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is returned.")})
    assessment.status = Status.RETURNED
    assessment.return_reason = reason.strip()
    _bump(assessment, "status", "return_reason")
    _event(assessment, Event.RETURNED, returned_by, note=reason)
    return assessment


@transaction.atomic
def reopen_item(*, item_score: ItemScore, reason: str, reopened_by) -> ItemScore:
    """Open one item of a scored, reviewed or published assessment again; the rest stays as it is."""
    require_town_office(reopened_by)
    assessment = locked(item_score.assessment)
    require_status(assessment, Status.SCORED, Status.REVIEWED, Status.PUBLISHED, Status.REOPENED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    item_score.reopened = True
    item_score.save(update_fields=["reopened"])
    assessment.status = Status.REOPENED
    assessment.rank = None
    _bump(assessment, "status", "rank")
    _event(assessment, Event.REOPENED, reopened_by, item=item_score.item, note=reason)
    return item_score


@transaction.atomic
def review(*, assessment: Assessment, reviewed_by) -> Assessment:
    require_town_office(reviewed_by)
    assessment = locked(assessment)
    require_status(assessment, Status.SCORED)
    refresh_totals(assessment)
    assessment.status = Status.REVIEWED
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = reviewed_by
    _bump(assessment, "status", "reviewed_at", "reviewed_by", "total", "self_total", "grade")
    _event(assessment, Event.REVIEWED, reviewed_by)
    return assessment


@transaction.atomic
def publish(*, scheme: Scheme, period: str, published_by) -> list[Assessment]:
    """Publish every reviewed assessment of the period and rank the published ones in the town."""
    require_town_office(published_by)
    reviewed = list(Assessment.objects.select_for_update().filter(scheme=scheme, period=period,
                                                                  status=Status.REVIEWED))
    if not reviewed:
        raise ValidationError(_("No reviewed assessment is waiting to be published in this period."))
    now = timezone.now()
    for assessment in reviewed:
        assessment.status = Status.PUBLISHED
        assessment.published_at = now
        assessment.published_by = published_by
        assessment.version += 1
    Assessment.objects.bulk_update(reviewed, ["status", "published_at", "published_by", "version"])
    AssessmentEvent.objects.bulk_create(
        [AssessmentEvent(assessment=a, action=Event.PUBLISHED, actor=published_by) for a in reviewed])
    rank_period(scheme=scheme, period=period)
    if period == "YEAR":
        from assessments.actions.results import check_responsibility_targets

        check_responsibility_targets(scheme=scheme)
    return reviewed


def rank_period(*, scheme: Scheme, period: str) -> None:
    """Competition ranking (1, 2, 2, 4) of the published results of a period."""
    published = list(Assessment.objects.filter(scheme=scheme, period=period, status=Status.PUBLISHED)
                     .order_by("-total", "village__code"))
    previous_total, previous_rank = None, 0
    for position, assessment in enumerate(published, start=1):
        if assessment.total != previous_total:
            previous_rank, previous_total = position, assessment.total
        assessment.rank = previous_rank
    Assessment.objects.bulk_update(published, ["rank"])


@transaction.atomic
def score_assessment(*, assessment: Assessment, entries: dict[int, Sequence[DeductionInput]], notes: dict[int, str],
                     scored_by, version: int | None = None) -> Assessment:
    """Score several entered items of one assessment at once: all of them, or (on any error) none."""
    locked(assessment, version)
    scores = assessment.item_scores.select_related("item").filter(pk__in=entries)
    for item_score in scores:
        score_item(item_score=item_score, deductions=entries[item_score.pk], note=notes.get(item_score.pk, ""),
                   scored_by=scored_by)
    return Assessment.objects.get(pk=assessment.pk)


@transaction.atomic
def self_score_assessment(*, assessment: Assessment, points: dict[int, Decimal], notes: dict[int, str], scored_by,
                          version: int | None = None) -> Assessment:
    """The village's own scores for several items at once: all of them, or none."""
    locked(assessment, version)
    for item_score in assessment.item_scores.select_related("item").filter(pk__in=points):
        self_score(item_score=item_score, points=points[item_score.pk], note=notes.get(item_score.pk, ""),
                   scored_by=scored_by)
    return Assessment.objects.get(pk=assessment.pk)
