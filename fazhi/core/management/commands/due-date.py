"""`fazhi due-date`, the name DESIGN.md gives: Django imports command modules by name, hyphen or not.

The command lives in due_date.py, whose name Python can import normally (tests, other code).
"""

from fazhi.core.management.commands.due_date import Command

__all__ = ["Command"]
