from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin
from uso.network.mixins import MunicipalityMixin
from uso.network.models import Membership, Municipality, PeerGroup, Period

from . import charts, report, services
from .forms import AnswerForm, IntroductionForm, InviteForm, QuestionForm, RoundForm
from .models import Question, Questionnaire, Respondent, Round
from .results import ALL, SPLITS, changes, round_results


def _period_or_current(request) -> Period | None:
    value = request.GET.get("period", "")
    if value:
        if not value.isdigit():
            raise Http404
        return get_object_or_404(Period, pk=value)
    return Period.objects.current()


def _progress(round: Round, municipality=None):
    """Invited and answered per municipality in a round, one query."""
    rows = Respondent.objects.filter(round=round)
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    return (
        rows.values("municipality_id", "municipality__name_fi", "municipality__code")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            political=Count("pk", filter=Q(answered_at__isnull=False, leadership="political")),
            professional=Count(
                "pk", filter=Q(answered_at__isnull=False, leadership="professional")
            ),
        )
        .order_by("municipality__name_fi")
    )


# --- For everyone signed in: where the self-assessments are -----------------------------------


class IndexView(PermissionMixin, TemplateView):
    permission_required = "assessment.view_assessments"
    template_name = "assessment/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        questionnaires = Questionnaire.objects.select_related("period").prefetch_related("rounds")
        without = Period.objects.filter(questionnaire__isnull=True).order_by("-start_date")
        assigned = Municipality.objects.none()
        if user.is_consultant:
            assigned = Municipality.objects.filter(
                memberships__assignments__consultant=user
            ).distinct()
        return super().get_context_data(
            questionnaires=questionnaires,
            periods_without=without if user.has_perm("assessment.manage_questionnaire") else [],
            assigned=assigned.order_by("name_fi"),
            **kwargs,
        )


# --- The questionnaire (coordinators) ---------------------------------------------------------


class QuestionnaireMixin(PermissionMixin):
    permission_required = "assessment.manage_questionnaire"

    @cached_property
    def period(self) -> Period:
        return get_object_or_404(Period, pk=self.kwargs["period"])

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return services.questionnaire_of(self.period)

    def back(self):
        return redirect("assessment:questionnaire", period=self.period.pk)


class QuestionnaireView(QuestionnaireMixin, FormView):
    """The questions, the rounds and the introduction of a period's self-assessment."""

    template_name = "assessment/questionnaire.html"
    form_class = IntroductionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.questionnaire}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The introduction was saved."))
        return self.back()

    def get_context_data(self, **kwargs):
        questions = self.questionnaire.questions.select_related("sub_theme__theme_area").annotate(
            answer_count=Count("answers")
        )
        rounds = {r.kind: r for r in self.questionnaire.rounds.all()}
        return super().get_context_data(
            period=self.period,
            questionnaire=self.questionnaire,
            questions=questions,
            rounds=[(kind, label, rounds.get(kind)) for kind, label in Round.Kind.choices],
            **kwargs,
        )


class QuestionEditView(QuestionnaireMixin, FormView):
    template_name = "assessment/question_form.html"
    form_class = QuestionForm

    @cached_property
    def question(self) -> Question | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        return get_object_or_404(Question.objects.select_related("questionnaire"), pk=pk)

    @cached_property
    def period(self) -> Period:
        if self.question is not None:
            return self.question.questionnaire.period
        return get_object_or_404(Period, pk=self.kwargs["period"])

    def get_form_kwargs(self):
        instance = self.question or Question(questionnaire=self.questionnaire)
        return {**super().get_form_kwargs(), "instance": instance, "period": self.period}

    def form_valid(self, form):
        try:
            services.save_question(question=form.instance)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The question was saved."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, question=self.question, **kwargs)


class QuestionActionView(QuestionnaireMixin, View):
    """POST: move a question up or down, or remove it."""

    http_method_names = ["post"]

    @cached_property
    def question(self) -> Question:
        return get_object_or_404(
            Question.objects.select_related("questionnaire__period"), pk=self.kwargs["pk"]
        )

    @cached_property
    def period(self) -> Period:
        return self.question.questionnaire.period

    def post(self, request, pk, action):
        if action not in ("up", "down", "delete"):
            raise Http404
        try:
            if action == "delete":
                services.delete_question(question=self.question)
                messages.success(request, _("The question was removed."))
            else:
                step = -1 if action == "up" else 1
                services.move_question(question=self.question, step=step)
        except DomainError as error:
            messages.error(request, error.message)
        return self.back()


class RoundEditView(QuestionnaireMixin, FormView):
    template_name = "assessment/round_form.html"
    form_class = RoundForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in Round.Kind.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def round(self) -> Round:
        existing = self.questionnaire.rounds.filter(kind=self.kwargs["kind"]).first()
        return existing or Round(questionnaire=self.questionnaire, kind=self.kwargs["kind"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.round}

    def form_valid(self, form):
        try:
            services.save_round(round=form.instance)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The round's dates were saved."))
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, round=self.round, **kwargs)


class RoundProgressView(PermissionMixin, TemplateView):
    """Every municipality's invited and answered in a round, and a reminder to all."""

    permission_required = "assessment.manage_questionnaire"
    template_name = "assessment/progress.html"

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(
            Round.objects.select_related("questionnaire__period"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        rows = list(_progress(self.round))
        invited = {row["municipality_id"] for row in rows}
        silent = (
            Municipality.objects.filter(
                memberships__period_id=self.round.questionnaire.period_id,
                memberships__status=Membership.Status.ACTIVE,
            )
            .exclude(pk__in=invited)
            .order_by("name_fi")
        )
        totals = {
            "invited": sum(r["invited"] for r in rows),
            "answered": sum(r["answered"] for r in rows),
        }
        return super().get_context_data(
            round=self.round, rows=rows, silent=silent, totals=totals, **kwargs
        )


# --- A municipality's self-assessment (its people, contact person, consultants) ---------------


class MunicipalityPermissionMixin(MunicipalityMixin, PermissionMixin):
    """The municipality of the URL, and the permission asked about it."""

    @cached_property
    def period(self) -> Period | None:
        return _period_or_current(self.request)

    @cached_property
    def rounds(self) -> list[Round]:
        if self.period is None:
            return []
        return list(
            Round.objects.filter(questionnaire__period=self.period).select_related(
                "questionnaire__period"
            )
        )


class MunicipalityView(MunicipalityPermissionMixin, TemplateView):
    """The rounds, who has been invited and answered, and the invitation form."""

    permission_required = "assessment.view_progress"
    template_name = "assessment/municipality.html"

    def get_context_data(self, bound_form=None, **kwargs):
        user = self.request.user
        can_invite = user.has_perm("assessment.invite_respondents", self.municipality)
        respondents = (
            Respondent.objects.filter(round__in=self.rounds, municipality=self.municipality)
            .annotate(reminded=Count("reminder_deliveries"))
            .order_by("name")
        )
        by_round = {r.pk: [] for r in self.rounds}
        for respondent in respondents:
            by_round[respondent.round_id].append(respondent)
        people = services.people_to_invite(self.municipality)
        sections = []
        for round in self.rounds:
            invited = {r.email for r in by_round[round.pk]}
            form = None
            if bound_form is not None and bound_form.prefix == f"round{round.pk}":
                form = bound_form  # with what was typed, and the errors beside the fields
            elif can_invite and not round.is_closed:
                form = InviteForm(
                    people=people.exclude(email__in=invited),
                    prefix=f"round{round.pk}",
                    initial={"language": self.municipality.default_language},
                )
            answered = sum(1 for r in by_round[round.pk] if r.answered_at)
            sections.append(
                {
                    "round": round,
                    "respondents": by_round[round.pk],
                    "answered": answered,
                    "form": form,
                }
            )
        return super().get_context_data(
            municipality=self.municipality,
            period=self.period,
            periods=Period.objects.filter(questionnaire__isnull=False).order_by("-start_date"),
            sections=sections,
            can_invite=can_invite,
            **kwargs,
        )


class InviteView(MunicipalityView):
    """POST: invite; a form with errors is shown again on the municipality's page."""

    permission_required = "assessment.invite_respondents"
    http_method_names = ["post"]

    @cached_property
    def period(self) -> Period | None:
        return self.round.questionnaire.period

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(
            Round.objects.select_related("questionnaire__period"), pk=self.kwargs["pk"]
        )

    def post(self, request, code, pk):
        round = self.round
        people = services.people_to_invite(self.municipality)
        form = InviteForm(request.POST, people=people, prefix=f"round{round.pk}")
        back = reverse("assessment:municipality", kwargs={"code": code})
        back += f"?period={round.questionnaire.period_id}"
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bound_form=form))
        invitees = [
            services.Invitee(
                name=person.get_full_name(),
                email=person.email,
                leadership=person.leadership,
                language=person.language,
                person=person,
            )
            for person in form.cleaned_data["people"]
        ]
        if form.cleaned_data["email"]:
            invitees.append(
                services.Invitee(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    leadership=form.cleaned_data["leadership"],
                    language=form.cleaned_data["language"],
                )
            )
        try:
            created = services.invite_respondents(
                round=round, municipality=self.municipality, invitees=invitees, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            skipped = len(invitees) - len(created)
            if created:
                messages.success(
                    request, _("Invitations sent: %(count)s.") % {"count": len(created)}
                )
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s person had been invited to this round already.",
                        "%(count)s people had been invited to this round already.",
                        skipped,
                    )
                    % {"count": skipped},
                )
        return redirect(back)


class RespondentRemoveView(PermissionMixin, View):
    permission_required = "assessment.invite_respondents"
    http_method_names = ["post"]

    @cached_property
    def respondent(self) -> Respondent:
        return get_object_or_404(
            Respondent.objects.select_related("municipality", "round__questionnaire"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.respondent.municipality

    def post(self, request, pk):
        respondent = self.respondent
        try:
            services.remove_respondent(respondent=respondent)
            messages.success(request, _("The invitation was withdrawn."))
        except DomainError as error:
            messages.error(request, error.message)
        back = reverse("assessment:municipality", kwargs={"code": respondent.municipality.code})
        return redirect(f"{back}?period={respondent.round.questionnaire.period_id}")


class RemindView(PermissionMixin, View):
    """POST: remind those who have not answered — of one municipality (its contact person or a
    coordinator) or of every municipality (a coordinator)."""

    http_method_names = ["post"]

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(
            Round.objects.select_related("questionnaire"), pk=self.kwargs["pk"]
        )

    @cached_property
    def municipality(self) -> Municipality | None:
        code = self.request.POST.get("municipality", "")
        return get_object_or_404(Municipality, code=code) if code else None

    def get_permission_required(self):
        if self.municipality is None:
            return ["assessment.manage_questionnaire"]
        return ["assessment.invite_respondents"]

    def get_permission_object(self):
        return self.municipality

    def post(self, request, pk):
        try:
            count = services.send_reminder(
                round=self.round, municipality=self.municipality, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Reminders sent: %(count)s.") % {"count": count})
        if self.municipality is None or request.POST.get("next") == "progress":
            return redirect("assessment:progress", pk=self.round.pk)
        back = reverse("assessment:municipality", kwargs={"code": self.municipality.code})
        return redirect(f"{back}?period={self.round.questionnaire.period_id}")


# --- Results ------------------------------------------------------------------------------------


class ResultsView(MunicipalityPermissionMixin, TemplateView):
    permission_required = "assessment.view_results"
    template_name = "assessment/results.html"

    @cached_property
    def peer_groups(self) -> list[PeerGroup]:
        if self.period is None:
            return []
        return list(self.municipality.peer_groups.filter(period=self.period).order_by("name"))

    @cached_property
    def peer_group(self) -> PeerGroup | None:
        value = self.request.GET.get("peer_group", "")
        chosen = next((g for g in self.peer_groups if str(g.pk) == value), None)
        return chosen or min(self.peer_groups, key=lambda g: g.pk, default=None)

    def get_context_data(self, **kwargs):
        by_kind = {r.kind: r for r in self.rounds}
        results = {
            kind: round_results(self.municipality, r, peer_group=self.peer_group)
            for kind, r in by_kind.items()
        }
        chosen_kind = self.request.GET.get("round", "")
        if chosen_kind not in results:
            closed = [k for k in (Round.Kind.END, Round.Kind.START) if results.get(k)]
            chosen_kind = closed[0] if closed else Round.Kind.START
        shown = results.get(chosen_kind)
        return super().get_context_data(
            municipality=self.municipality,
            period=self.period,
            rounds=self.rounds,
            chosen_kind=chosen_kind,
            chosen_round=by_kind.get(chosen_kind),
            results=shown,
            peer_groups=self.peer_groups,
            peer_group=self.peer_group,
            periods=Period.objects.filter(questionnaire__isnull=False).order_by("-start_date"),
            change=changes(results.get(Round.Kind.START), results.get(Round.Kind.END)),
            # The end-of-period report once the end round has results, not before.
            has_end_results=bool(results.get(Round.Kind.END)),
            **(_chart_context(shown) if shown else {}),
            **kwargs,
        )


def _chart_context(results) -> dict:
    shown = [g for g in results.groups if g.shown]
    series = [(g.key, ALL, g.label) for g in shown]
    areas = [line for line in results.lines if line.is_area]
    radar = charts.radar(
        [line.label for line in areas],
        [(g.label, [line.scores[g.key][ALL] for line in areas]) for g in shown],
    )
    split_series = [(g_key, split, label) for g_key, split, label in _split_series(results)]
    return {
        "bar_groups": charts.bar_groups(results.lines, series),
        "radar": radar if len(areas) >= 3 else None,
        "split_groups": charts.bar_groups(results.lines, split_series) if split_series else [],
    }


def _split_series(results):
    if not results.shows_splits:
        return []
    labels = {"political": _("Political leadership"), "professional": _("Professional leadership")}
    return [("own", split, labels[split]) for split in SPLITS]


class ReportView(MunicipalityPermissionMixin, View):
    """The starting-situation report (or, with `?version=end`, the end-of-period report) as
    PDF, in the reader's language."""

    permission_required = "assessment.view_results"

    def get(self, request, code):
        version = request.GET.get("version", "start")
        if version not in report.VERSIONS or self.period is None:
            raise Http404
        group_id = request.GET.get("peer_group", "")
        peer_group = (
            self.municipality.peer_groups.filter(period=self.period, pk=group_id).first()
            if group_id.isdigit()
            else None
        )
        made = report.situation_report(
            self.municipality, self.period, version=version, peer_group=peer_group
        )
        pdf = report.render_report_pdf(made, language=translation.get_language())
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{report.report_filename(made)}"'
        return response


# --- Answering (no account: the personal link) -------------------------------------------------


class AnswerView(PermissionMixin, FormView):
    permission_required = "assessment.answer"
    template_name = "assessment/answer.html"
    form_class = AnswerForm

    @cached_property
    def respondent(self) -> Respondent:
        respondent = services.respondent_by_token(self.kwargs["token"])
        if respondent is None:
            raise Http404
        return respondent

    @cached_property
    def questions(self) -> list[Question]:
        return list(
            self.respondent.round.questionnaire.questions.select_related("sub_theme__theme_area")
        )

    def dispatch(self, request, *args, **kwargs):
        # The link is opened without signing in: in the respondent's language unless they
        # have chosen another with the language switcher.
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) is None:
            translation.activate(self.respondent.language)
            request.LANGUAGE_CODE = self.respondent.language
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "questions": self.questions}
        if self.request.method == "GET":
            kwargs["initial"] = AnswerForm.initial_from(
                self.respondent.answers.select_related("question")
            )
        return kwargs

    def get(self, request, *args, **kwargs):
        if not self.respondent.round.is_open:
            return self.render_to_response(
                {"respondent": self.respondent, "round": self.respondent.round, "closed": True}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.respondent.round.is_open:
            return self.render_to_response(
                {"respondent": self.respondent, "round": self.respondent.round, "closed": True}
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        scores, texts = form.answers()
        try:
            services.save_answers(respondent=self.respondent, scores=scores, texts=texts)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return self.render_to_response(
            {"respondent": self.respondent, "round": self.respondent.round, "thanks": True}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        # Theme areas, each with its sub-themes and their statements; then the open questions.
        sections: list[dict] = []
        for name in form.fields:
            question = form.fields[name].question
            sub_theme = question.sub_theme
            area = sub_theme.theme_area.name if sub_theme else _("Open questions")
            if not sections or sections[-1]["heading"] != area:
                sections.append({"heading": area, "groups": []})
            groups = sections[-1]["groups"]
            heading = sub_theme.name if sub_theme else ""
            if not groups or groups[-1]["heading"] != heading:
                groups.append({"heading": heading, "fields": []})
            groups[-1]["fields"].append(form[name])
        return {
            **context,
            "respondent": self.respondent,
            "round": self.respondent.round,
            "sections": sections,
        }
