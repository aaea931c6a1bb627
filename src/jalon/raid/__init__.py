"""The decision log, assumptions and external dependencies (the rest of RAID beside risks and issues)."""
