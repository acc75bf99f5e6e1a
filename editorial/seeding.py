"""Helpers for the apps' demo content (`<app>/demo.py`, run by `manage.py seed_demo`)."""


def apply_values(instance, values):
    """
    Set `values` on `instance`; True if anything changed, so a demo run saves only what differs (and adds no
    history). Rich text is compared as it will be stored (sanitized), a related object by its key.
    """
    changed = False
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if value and hasattr(field, "sanitize"):
            value = field.sanitize(value)
        current = field.value_from_object(instance)
        wanted = value.pk if field.is_relation and value is not None else value
        if (current or None) != (wanted or None):
            changed = True
        setattr(instance, name, value)
    return changed
