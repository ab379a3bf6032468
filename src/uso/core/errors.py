class DomainError(Exception):
    """A business rule said no. The message is translatable and shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


class TooSoon(DomainError):
    """A rule that limits how often someone may do something said no: not wrong input but a
    wait (the API answers 429 with Retry-After)."""

    def __init__(self, message, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
