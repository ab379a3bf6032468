"""The feedback survey: answering it with the link from the e-mail (no account, anonymous),
the coordinators' editing of an event's questions, and the results for the network's staff."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin

from .. import services, statistics
from ..forms_feedback import FeedbackForm, FeedbackQuestionFormSet
from ..models import FeedbackResponse, Registration
from .programme import EventMixin


class GiveFeedbackView(PermissionMixin, TemplateView):
    """The link in the feedback e-mail. The token is the only key: the page shows the event
    and its questions, never whose link it is, and the answers are stored without it."""

    permission_required = "events.give_feedback"
    template_name = "events/feedback_give.html"

    @cached_property
    def registration(self):
        return (
            Registration.objects.select_related("event", "person")
            .filter(feedback_token=self.kwargs["token"])
            .first()
        )

    def dispatch(self, request, *args, **kwargs):
        # The page speaks the language the e-mail was written in, unless the visitor has
        # chosen a language with the switcher.
        if self.registration and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(self.registration.recipient_language)
            request.LANGUAGE_CODE = translation.get_language()
        return super().dispatch(request, *args, **kwargs)

    def questions(self):
        return self.registration.event.feedback_questions.all()

    def problem(self, message, status):
        return self.response_class(
            request=self.request,
            template=["events/feedback_problem.html"],
            context={"message": message},
            status=status,
        )

    def refusal(self):
        if self.registration is None:
            return self.problem(
                _(
                    "This feedback link is not valid. Check that the whole address from the "
                    "e-mail was copied."
                ),
                404,
            )
        if self.registration.feedback_given:
            return self.problem(
                _("Feedback has already been given with this link. Thank you!"), 200
            )
        return None

    def render_form(self, form, status=200):
        return self.render_to_response(
            {"event": self.registration.event, "form": form}, status=status
        )

    def get(self, request, *args, **kwargs):
        return self.refusal() or self.render_form(FeedbackForm(questions=self.questions()))

    def post(self, request, *args, **kwargs):
        refused = self.refusal()
        if refused:
            return refused
        form = FeedbackForm(request.POST, questions=self.questions())
        if not form.is_valid():
            return self.render_form(form)
        event = self.registration.event
        try:
            services.submit_feedback(token=self.kwargs["token"], answers=form.answers())
        except DomainError as error:
            return self.problem(error.message, 200)
        return self.response_class(
            request=request,
            template=["events/feedback_thanks.html"],
            context={"event": event},
        )


class FeedbackResultsView(EventMixin, PermissionMixin, TemplateView):
    """The network's staff: how many answered, and each question's answers without names."""

    permission_required = "events.view_feedback"
    template_name = "events/feedback_results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, results=statistics.feedback_results(self.event), **kwargs
        )


class FeedbackQuestionsView(EventMixin, PermissionMixin, TemplateView):
    """Coordinators change an event's questions until the first answers come in."""

    permission_required = "events.manage_events"
    template_name = "events/feedback_questions.html"

    def has_answers(self) -> bool:
        return FeedbackResponse.objects.filter(event=self.event).exists()

    def formset(self, data=None):
        return FeedbackQuestionFormSet(
            data,
            instance=self.event,
            prefix="questions",
            initial=[{"kind": "scale"}] * FeedbackQuestionFormSet.extra,
        )

    def get_context_data(self, **kwargs):
        answered = self.has_answers()
        if "formset" not in kwargs and not answered:
            kwargs["formset"] = self.formset()
        return super().get_context_data(
            event=self.event,
            answered=answered,
            questions=self.event.feedback_questions.all(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        locked_message = _(
            "The questions can no longer be changed: answers have already come in, and "
            "changing the questions would change what they mean."
        )
        if self.has_answers():
            messages.error(request, locked_message)
            return redirect("events:feedback_questions", pk=self.event.pk)
        formset = self.formset(request.POST)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        with transaction.atomic():
            formset.save()
        messages.success(request, _("The feedback questions were saved."))
        return redirect("events:feedback_questions", pk=self.event.pk)
