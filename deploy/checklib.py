"""What every offline checker of deploy/ shares: one line per check ("ok" or "FAIL"), and the failures so far."""

failures = []


def check(name, ok, detail=""):
    """Prints the check's line (with the detail when it failed), records a failure, and returns ok."""
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures.append(name)
    return ok
