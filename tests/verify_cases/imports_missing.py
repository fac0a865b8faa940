"""Imports a package that is not installed."""

import fitmigrate_no_such_package  # noqa: F401
