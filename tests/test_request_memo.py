"""The rules' answers are worked out once per GET request, and never kept beyond it."""

from django.http import HttpResponse
from django.test import RequestFactory

from uso.core.request_memo import RequestMemoMiddleware, remember


def asked_twice(calls):
    def view(request):
        for _ in range(2):
            remember(("question",), lambda: calls.append(1) or True)
        return HttpResponse()

    return view


def test_a_get_request_asks_once():
    calls = []
    RequestMemoMiddleware(asked_twice(calls))(RequestFactory().get("/"))
    assert calls == [1]


def test_a_post_request_asks_every_time():
    # A POST may change what was asked (a membership, a registration) and then ask again.
    calls = []
    RequestMemoMiddleware(asked_twice(calls))(RequestFactory().post("/"))
    assert calls == [1, 1]


def test_answers_do_not_outlive_the_request():
    calls = []
    middleware = RequestMemoMiddleware(asked_twice(calls))
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().get("/"))
    asked_twice(calls)(None)  # outside any request: nothing kept
    assert calls == [1, 1, 1, 1]
