"""What editors write about one comparison: an intro and their own questions and answers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..slugs import pair_slug, validate_visible_text
from .base import ReviewQuerySet, TimeStampedModel
from .facts import LanguageModel


class PairNoteQuerySet(ReviewQuerySet):
    def for_pair(self, a: LanguageModel, b: LanguageModel):
        low, high = sorted([a.pk, b.pk])
        return self.filter(model_a_id=low, model_b_id=high)


class PairNote(TimeStampedModel):
    """An editor's intro and extra FAQ entries for one comparison; shown before the generated text."""

    # Stored with the lower primary key first, so a pair has one note whichever order it was entered in.
    model_a = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="+")
    model_b = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="+")
    intro = models.TextField(
        blank=True, validators=[validate_visible_text],
        help_text="Plain text, shown at the top of the comparison page.",
    )
    last_reviewed = models.DateField(null=True, blank=True)

    objects = PairNoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_reviewed", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_a", "model_b"], name="pairnote_unique_pair",
                violation_error_message="This pair already has a note.",
            ),
            models.CheckConstraint(
                condition=Q(model_a__lt=models.F("model_b")), name="pairnote_models_ordered",
                violation_error_message="Choose two different models.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_a} vs {self.model_b}"

    def clean(self) -> None:
        super().clean()
        if self.model_a_id and self.model_b_id:
            if self.model_a_id == self.model_b_id:
                raise ValidationError({"model_b": "Choose two different models."})
            if self.model_a_id > self.model_b_id:
                self.model_a_id, self.model_b_id = self.model_b_id, self.model_a_id

    def get_absolute_url(self) -> str:
        return reverse("comparisons:compare_pair", args=[pair_slug(self.model_a.slug, self.model_b.slug)])


class PairQuestion(TimeStampedModel):
    """A question an editor wrote for one pair; listed before the generated questions."""

    note = models.ForeignKey(PairNote, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=300, validators=[validate_visible_text])
    answer = models.TextField(validators=[validate_visible_text])
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "position", "pk"]

    def __str__(self) -> str:
        return self.question
