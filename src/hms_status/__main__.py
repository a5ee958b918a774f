"""Allow ``python -m hms_status``."""

from hms_status.cli import main

main()
