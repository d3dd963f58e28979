"""Template context every page gets."""

from .procedures import menus


def navigation(request) -> dict:
    """The staff menus, built from the procedures' declarations (no template names a procedure)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"menus": menus()}
