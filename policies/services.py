from editorial.i18n import language_codes, localized_field


def amend_latest_change_note(policy):
    """
    Copy the policy's public change note, in every language, to the history record of its latest major change.

    The note on the row is always that change's: a translator adding its Spanish, or an editor fixing a typo in
    it, amends the note residents read beside that change, instead of making a new major change.
    """
    record = policy.history.filter(is_major=True).order_by("-history_date", "-history_id").first()
    if record is None:
        return
    names = [localized_field("note", code) for code in language_codes()]
    for name in names:
        setattr(record, name, getattr(policy, name))
    record.save(update_fields=names)
