"""Answers asked many times in one request, worked out once.

A page asks the rules the same questions again and again: the navigation, the view and each
button all ask whether the person's municipality is a member, or whether they may see this
event. Each answer is a query. Within one GET request the answers cannot change, so the
first is kept for the rest of the request and dropped with it.

Only reading requests (GET, HEAD) keep answers: a POST may change exactly what was asked
(a membership, a registration) and then ask again. Outside a request — a management
command, a Celery task, a test calling the rules directly — nothing is kept.
"""

from contextvars import ContextVar

_answers: ContextVar[dict | None] = ContextVar("uso_request_answers", default=None)

READING_METHODS = {"GET", "HEAD"}


def remember(key: tuple, compute):
    """`compute()`, or its answer from earlier in this request."""
    answers = _answers.get()
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    return answers[key]


class RequestMemoMiddleware:
    """Keeps `remember`'s answers for one GET or HEAD request (each request runs in its own
    thread and context, so requests never share them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING_METHODS:
            return self.get_response(request)
        token = _answers.set({})
        try:
            return self.get_response(request)
        finally:
            _answers.reset(token)
