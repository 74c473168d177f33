"""Lines a test wants in pytest's closing summary (CI's log shows them): how many
generated requests the hostile-input suite sent, what the two writers met."""

LINES: list[str] = []


def note(line: str) -> None:
    LINES.append(line)
