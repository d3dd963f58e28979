"""What a step's form is given (Step.form_args), where procedures give their forms the same."""


def government_args(record, user) -> dict:
    """The government whose units and records the form offers: the record's own; on a list's form
    for many records (no one record), the user's government."""
    return {"government": record.government if record else user.unit.government()}
