"""A record in force until the last day of a term — a 执法证's 有效期, a 法律顾问's 聘期 — declared
once for its services and its jobs. While in force its next date is that last day (the workbench
sorts by it); `fazhi tick` reminds some days before it, once per end date
(fazhi.core.jobs.remind_before_end on `running()` and `end_field`), and from the day after it
takes the procedure's step that ends the record on `ended()`. The step checks `has_ended`, so the
tick and the step agree on the day."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Term:
    model: type[models.Model]
    in_force: str  # the status while the term runs
    end_field: str  # the date field of the term's last day
    due_label: str  # next_due_label while in force

    def end_of(self, obj) -> dt.date:
        return getattr(obj, self.end_field)

    def refresh_due(self, obj) -> None:
        """The frame's refresh_due: the term's last day while in force, else no next date."""
        if obj.status == self.in_force:
            obj.next_due_on, obj.next_due_label = self.end_of(obj), self.due_label
        else:
            obj.next_due_on, obj.next_due_label = None, ""

    def has_ended(self, obj) -> bool:
        """Its last day is past: it may be marked ended (from the day after)."""
        return self.end_of(obj) < timezone.localdate()

    def running(self) -> QuerySet:
        return self.model.objects.filter(status=self.in_force)

    def ended(self) -> QuerySet:
        """The records still in force whose last day is past: the tick ends them."""
        return self.running().filter(**{f"{self.end_field}__lt": timezone.localdate()})
