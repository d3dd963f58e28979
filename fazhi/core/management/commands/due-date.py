"""`fazhi due-date`, as DESIGN.md names it: Django imports a command module by its file name.

The command lives in due_date.py, whose name Python can import normally (tests, other code).
"""

from fazhi.core.management.commands.due_date import Command

__all__ = ["Command"]
