"""Work in progress: replaced by the real views."""

from django.views import View


class FeedbackQuestionsView(View):
    pass


class FeedbackResultsView(View):
    pass


class GiveFeedbackView(View):
    pass
