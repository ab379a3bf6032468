"""The discussion pages. Areas, threads and messages load only from those the person may read
(`Area.objects.readable_by`): anything else answers 404, so nobody learns what another peer
group discusses."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, DateTimeField, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin
from uso.network.models import Period, SubTheme

from . import peers, services
from .forms import (
    CommentForm,
    MailingForm,
    PostEditForm,
    PracticeForm,
    QuestionForm,
    ReplyForm,
    ReportForm,
    SettingsForm,
    ThreadForm,
)
from .models import (
    Area,
    Attachment,
    Follow,
    Mailing,
    NotificationSetting,
    Post,
    Practice,
    ReadMark,
    Report,
    Thread,
)

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


class MemberMixin(PermissionMixin):
    """Every discussion page but the unsubscribe link is for signed-in people: a visitor who is
    not signed in (say, from a link in an e-mail) is asked to sign in first, before any object
    is looked up — a 404 would tell them nothing."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


def _with_unread(threads, user):
    read_at = ReadMark.objects.filter(person=user, thread=OuterRef("pk")).values("read_at")
    return threads.annotate(
        read_at=Subquery(read_at[:1], output_field=DateTimeField())
    ).select_related("author", "author__municipality")


def readable_thread_or_404(request, pk) -> Thread:
    threads = Thread.objects.readable_by(request.user).select_related(
        "area__theme_area", "area__peer_group", "area__period"
    )
    return get_object_or_404(threads, pk=pk)


def readable_post_or_404(request, pk) -> Post:
    posts = Post.objects.filter(thread__in=Thread.objects.readable_by(request.user))
    return get_object_or_404(
        posts.select_related("thread__area__theme_area", "thread__area__peer_group", "author"),
        pk=pk,
    )


class IndexView(MemberMixin, TemplateView):
    permission_required = "community.view_community"
    template_name = "community/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        period = Period.objects.current()
        if period is not None:
            services.ensure_areas(period=period)
        shown = Thread.objects.filter(area=OuterRef("pk"), hidden=False)
        unread = shown.exclude(
            Exists(
                ReadMark.objects.filter(
                    person=user, thread=OuterRef("pk"), read_at__gte=OuterRef("last_post_at")
                )
            )
        )
        areas = (
            Area.objects.readable_by(user)
            .filter(period=period)
            .select_related("theme_area", "peer_group")
            .annotate(
                # Counted per area, not by joining every thread to the areas and grouping.
                thread_count=Coalesce(Subquery(_count_per_area(shown)), 0),
                unread_count=Subquery(_count_per_area(unread)),
            )
        )
        latest = _with_unread(
            Thread.objects.readable_by(user).filter(area__period=period), user
        ).select_related("area__theme_area", "area__peer_group")[:10]
        return super().get_context_data(period=period, areas=areas, latest=latest, **kwargs)


def _count_per_area(threads):
    return threads.order_by().values("area").annotate(n=Count("pk")).values("n")[:1]


class AreaView(MemberMixin, ListView):
    permission_required = "community.view_area"
    template_name = "community/area.html"
    context_object_name = "threads"
    paginate_by = THREADS_PER_PAGE

    @cached_property
    def area(self) -> Area:
        areas = Area.objects.readable_by(self.request.user).select_related(
            "theme_area", "peer_group", "period"
        )
        return get_object_or_404(areas, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.area

    def get_queryset(self):
        threads = Thread.objects.readable_by(self.request.user).filter(area=self.area)
        return _with_unread(threads, self.request.user).order_by("-last_post_at", "-id")

    def get_context_data(self, **kwargs):
        user = self.request.user
        following = Follow.objects.filter(person=user, area=self.area).exists()
        return super().get_context_data(area=self.area, following=following, **kwargs)


class ThreadCreateView(MemberMixin, FormView):
    permission_required = "community.start_thread"
    template_name = "community/thread_form.html"
    form_class = ThreadForm

    @cached_property
    def area(self) -> Area:
        areas = Area.objects.readable_by(self.request.user).select_related(
            "theme_area", "peer_group"
        )
        return get_object_or_404(areas, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.area

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, **kwargs)

    def form_valid(self, form):
        try:
            thread = services.start_thread(
                area=self.area, author=self.request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        return redirect("community:thread", pk=thread.pk)


class QuestionCreateView(ThreadCreateView):
    """Ask the network: like starting a discussion, with an audience and a deadline."""

    permission_required = "community.ask_question"
    template_name = "community/question_form.html"
    form_class = QuestionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        try:
            thread = services.start_thread(
                area=self.area,
                author=self.request.user,
                kind=Thread.Kind.QUESTION,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your question was sent to those you asked."))
        return redirect("community:thread", pk=thread.pk)


class ThreadView(MemberMixin, ListView):
    """A thread's messages, oldest first, 50 to a page, and the reply form under them."""

    permission_required = "community.view_thread"
    template_name = "community/thread.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE

    @cached_property
    def thread(self) -> Thread:
        return readable_thread_or_404(self.request, self.kwargs["pk"])

    def get_permission_object(self):
        return self.thread

    def get_queryset(self):
        posts = self.thread.posts.select_related("author", "author__municipality")
        # A list, not a manager per message: most messages have no attachments to render.
        posts = posts.prefetch_related(Prefetch("attachments", to_attr="attachment_list"))
        if not self.request.user.has_perm("community.moderate"):
            posts = posts.filter(hidden=False)
        return posts.annotate(
            open_reports=Count("reports", filter=Q(reports__handled_at=None))
        ).order_by("created_at", "id")

    def get_context_data(self, **kwargs):
        user = self.request.user
        thread = self.thread
        last_read = (
            ReadMark.objects.filter(person=user, thread=thread)
            .values_list("read_at", flat=True)
            .first()
        )
        if last_read is None or last_read < thread.last_post_at:  # nothing new: no write
            services.mark_read(person=user, thread=thread)
        kwargs.setdefault("form", ReplyForm())
        return super().get_context_data(
            thread=thread,
            area=thread.area,
            last_read=last_read,
            following=Follow.objects.filter(person=user, thread=thread).exists(),
            can_reply=user.has_perm("community.reply", thread) and thread.is_open,
            can_mark_useful=user.has_perm("community.mark_answers_useful", thread),
            can_summarise=user.has_perm("community.summarise_question", thread),
            moderator=user.has_perm("community.moderate"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("community.reply", self.thread):
            raise Http404
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                post = services.post_reply(
                    thread=self.thread, author=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                page = (self._position(post) - 1) // POSTS_PER_PAGE + 1
                return redirect(f"{self.thread_url()}?page={page}#post-{post.pk}")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))

    def _position(self, post) -> int:
        """The message's place among those the person sees (hidden ones are not counted for
        members), so the redirect lands on the page that shows it."""
        earlier = Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lte=post.pk)
        return self.get_queryset().filter(earlier).count()

    def thread_url(self) -> str:
        return reverse("community:thread", kwargs={"pk": self.thread.pk})


class PostMixin(MemberMixin):
    @cached_property
    def post_object(self) -> Post:
        return readable_post_or_404(self.request, self.kwargs["pk"])

    def get_permission_object(self):
        return self.post_object

    def back_to_thread(self):
        return redirect("community:thread", pk=self.post_object.thread_id)


class PostEditView(PostMixin, FormView):
    permission_required = "community.change_post"
    template_name = "community/post_form.html"
    form_class = PostEditForm

    def get_initial(self):
        return {"body": self.post_object.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def form_valid(self, form):
        try:
            services.edit_post(
                post=self.post_object, by=self.request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your message was saved."))
        return self.back_to_thread()


class PostDeleteView(PostMixin, TemplateView):
    permission_required = "community.delete_post"
    template_name = "community/post_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def post(self, request, *args, **kwargs):
        area = self.post_object.thread.area_id
        thread = services.delete_post(post=self.post_object, by=request.user)
        messages.success(request, _("The message was deleted."))
        if thread is None:
            return redirect("community:area", pk=area)
        return redirect("community:thread", pk=thread.pk)


class PostReportView(PostMixin, FormView):
    permission_required = "community.report_post"
    template_name = "community/post_report.html"
    form_class = ReportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(post=self.post_object, **kwargs)

    def form_valid(self, form):
        services.report_post(post=self.post_object, reporter=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Thank you. The moderators will look at the message."))
        return self.back_to_thread()


class PostModerateView(PostMixin, View):
    """Hide a message, restore it, or dismiss its reports (POST only)."""

    permission_required = "community.moderate"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "dismiss":
            services.dismiss_reports(post=self.post_object, by=request.user)
            messages.success(request, _("The reports were dismissed."))
        else:
            hidden = action == "hide"
            services.set_hidden(post=self.post_object, by=request.user, hidden=hidden)
            done = _("The message was hidden.") if hidden else _("The message is shown again.")
            messages.success(request, done)
        if request.POST.get("next") == "moderation":
            return redirect("community:moderation")
        return self.back_to_thread()


class PostUsefulView(PostMixin, View):
    """The asker marks an answer useful, or takes the mark away (POST only)."""

    permission_required = "community.mark_useful"

    def post(self, request, *args, **kwargs):
        useful = request.POST.get("useful") == "1"
        services.mark_useful(post=self.post_object, by=request.user, useful=useful)
        return redirect(
            reverse("community:thread", kwargs={"pk": self.post_object.thread_id})
            + f"#post-{self.post_object.pk}"
        )


class QuestionSummaryView(MemberMixin, View):
    """A coordinator turns a question and its answers into a draft library article (POST)."""

    permission_required = "community.summarise_question"

    @cached_property
    def thread(self) -> Thread:
        return readable_thread_or_404(self.request, self.kwargs["pk"])

    def get_permission_object(self):
        return self.thread

    def post(self, request, *args, **kwargs):
        try:
            material = services.summarise_question(thread=self.thread, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("community:thread", pk=self.thread.pk)
        messages.success(
            request, _("A draft summary is in the library. Edit it and publish it when ready.")
        )
        return redirect("library:material_edit", pk=material.pk)


class PostHistoryView(PostMixin, TemplateView):
    permission_required = "community.moderate"
    template_name = "community/post_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.post_object, revisions=self.post_object.revisions.all(), **kwargs
        )


class FollowView(MemberMixin, View):
    """Follow or stop following a thread (`kind` "thread") or an area ("area")."""

    permission_required = "community.follow"

    @cached_property
    def target(self):
        if self.kwargs["kind"] == "area":
            areas = Area.objects.readable_by(self.request.user)
            return get_object_or_404(areas, pk=self.kwargs["pk"])
        return readable_thread_or_404(self.request, self.kwargs["pk"])

    def get_permission_object(self):
        return self.target

    def post(self, request, *args, **kwargs):
        on = request.POST.get("follow") == "1"
        target = {"area" if isinstance(self.target, Area) else "thread": self.target}
        services.set_following(person=request.user, on=on, **target)
        never = services.frequency_of(request.user) == NotificationSetting.Frequency.NEVER
        if on and never:
            messages.success(
                request,
                _(
                    "You follow this now. Your e-mail setting is “Never”: change it under "
                    "E-mail settings to hear of new messages."
                ),
            )
        elif on:
            messages.success(request, _("You follow this now; new messages are e-mailed to you."))
        else:
            messages.success(request, _("You no longer follow this."))
        name = "community:area" if isinstance(self.target, Area) else "community:thread"
        return redirect(name, pk=self.target.pk)


class ModerationView(MemberMixin, ListView):
    """The coordinators' queue: messages with open reports, oldest report first."""

    permission_required = "community.moderate"
    template_name = "community/moderation.html"
    context_object_name = "posts"
    paginate_by = 30

    def get_queryset(self):
        open_reports = Report.objects.filter(handled_at__isnull=True)
        return (
            Post.objects.filter(reports__in=open_reports)
            .distinct()
            .select_related("author", "thread")
            .prefetch_related("reports__reporter")
            .order_by("created_at", "id")
        )


class SettingsView(MemberMixin, FormView):
    permission_required = "community.change_settings"
    template_name = "community/settings.html"
    form_class = SettingsForm

    def get_initial(self):
        return {"frequency": services.frequency_of(self.request.user)}

    def form_valid(self, form):
        services.set_frequency(person=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Saved."))
        return redirect("community:settings")


class UnsubscribeView(PermissionMixin, TemplateView):
    """The e-mails' link stops them all at once, without signing in."""

    permission_required = "community.unsubscribe"
    template_name = "community/unsubscribed.html"

    def get_context_data(self, **kwargs):
        try:
            person = services.unsubscribe(self.kwargs["token"])
        except DomainError as error:
            return super().get_context_data(error=str(error), **kwargs)
        return super().get_context_data(person=person, **kwargs)


# --- Good practices --------------------------------------------------------------------------


class PracticeListView(MemberMixin, ListView):
    """The members' practice cards, newest first, by sub-theme or municipality."""

    permission_required = "community.view_practices"
    template_name = "community/practices.html"
    context_object_name = "practices"
    paginate_by = 20

    def get_queryset(self):
        practices = Practice.objects.select_related("municipality").annotate(
            trying=Count("trials", distinct=True)
        )
        theme = self.request.GET.get("theme", "")
        if theme.isdigit():
            practices = practices.filter(sub_themes=theme)
        return practices.order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        period = Period.objects.current()
        themes = SubTheme.objects.filter(theme_area__period=period) if period else []
        return super().get_context_data(
            themes=themes, theme=self.request.GET.get("theme", ""), **kwargs
        )


class PracticeMixin(MemberMixin):
    @cached_property
    def practice(self) -> Practice:
        practices = Practice.objects.select_related("municipality", "contact_person")
        return get_object_or_404(practices, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.practice


class PracticeView(PracticeMixin, TemplateView):
    """A practice card: its sections, who is trying it too, and the comments."""

    permission_required = "community.view_practices"
    template_name = "community/practice.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        practice = self.practice
        trials = practice.trials.select_related("municipality").order_by("municipality__name_fi")
        kwargs.setdefault("form", CommentForm())
        return super().get_context_data(
            practice=practice,
            sections=services.practice_sections(practice),
            sub_themes=practice.sub_themes.all(),
            trials=trials,
            trying=any(t.municipality_id == user.municipality_id for t in trials),
            can_try=user.has_perm("community.try_practice", practice),
            can_change=user.has_perm("community.change_practice", practice),
            comments=practice.comments.select_related("author", "author__municipality"),
            attachments=practice.attachments.all(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """A comment."""
        if not request.user.has_perm("community.comment_practice", self.practice):
            raise Http404
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_practice(
                    practice=self.practice, author=request.user, body=form.cleaned_data["body"]
                )
            except DomainError as error:
                form.add_error("body", error.message)
            else:
                return redirect(self.practice)
        return self.render_to_response(self.get_context_data(form=form))


class PracticeFormMixin:
    template_name = "community/practice_form.html"
    form_class = PracticeForm
    is_new = True

    def municipality(self):
        return self.request.user.municipality

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "municipality": self.municipality(),
            "period": Period.objects.current(),
        }

    def form_valid(self, form):
        practice = form.save(commit=False)
        practice.municipality = self.municipality()
        try:
            practice = services.save_practice(
                practice=practice,
                by=self.request.user,
                sub_themes=form.cleaned_data["sub_themes"],
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if self.is_new:
            messages.success(self.request, _("The practice card is published."))
        else:
            messages.success(self.request, _("The practice card was saved."))
        return redirect(practice)


class PracticeCreateView(MemberMixin, PracticeFormMixin, FormView):
    permission_required = "community.add_practice"


class PracticeEditView(PracticeMixin, PracticeFormMixin, FormView):
    permission_required = "community.change_practice"
    is_new = False

    def municipality(self):
        return self.practice.municipality

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.practice}

    def get_context_data(self, **kwargs):
        return super().get_context_data(practice=self.practice, **kwargs)


class PracticeDeleteView(PracticeMixin, TemplateView):
    """Take a practice card down, with its comments, attachments and library entry."""

    permission_required = "community.change_practice"
    template_name = "community/practice_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(practice=self.practice, **kwargs)

    def post(self, request, *args, **kwargs):
        services.delete_practice(practice=self.practice, by=request.user)
        messages.success(request, _("The practice card was removed."))
        return redirect("community:practices")


class PracticeTryingView(PracticeMixin, View):
    """ "We are trying this too", or taking it back (POST only)."""

    permission_required = "community.try_practice"

    def post(self, request, *args, **kwargs):
        trying = request.POST.get("trying") == "1"
        services.set_trying(practice=self.practice, by=request.user, trying=trying)
        return redirect(self.practice)


# --- Peer finder -----------------------------------------------------------------------------


class PeerFinderView(MemberMixin, ListView):
    """ "Municipalities like mine": the period's other members, most alike first."""

    permission_required = "community.find_peers"
    template_name = "community/peers.html"
    context_object_name = "peers"
    paginate_by = 20
    FILTERS = ("same_size", "same_region", "same_language")

    def chosen(self) -> dict[str, bool]:
        return {name: self.request.GET.get(name) == "1" for name in self.FILTERS}

    def get_queryset(self):
        period = Period.objects.current()
        if period is None:
            return []
        return peers.find_peers(self.request.user.municipality, period, **self.chosen())

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            chosen=self.chosen(),
            query=query.urlencode(),
            municipality=self.request.user.municipality,
            **kwargs,
        )


# --- Mailings --------------------------------------------------------------------------------


class MailingListView(MemberMixin, ListView):
    permission_required = "community.send_mailings"
    template_name = "community/mailings.html"
    context_object_name = "mailings"
    paginate_by = 30

    def get_queryset(self):
        mailings = Mailing.objects.select_related("peer_group", "event", "sent_by")
        return mailings.annotate(recipient_count=Count("recipients")).order_by("-created_at", "-id")


class MailingCreateView(MemberMixin, FormView):
    """Write a mailing; it is saved unsent, to be checked and sent from its page."""

    permission_required = "community.send_mailings"
    template_name = "community/mailing_form.html"
    form_class = MailingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "period": Period.objects.current()}

    def form_valid(self, form):
        mailing = form.save(commit=False)
        mailing.period = Period.objects.current()
        mailing.created_by = self.request.user
        mailing.save()
        return redirect("community:mailing", pk=mailing.pk)


class MailingView(MemberMixin, TemplateView):
    """A mailing: before sending, whom it will reach; after, whom it reached, in which language."""

    permission_required = "community.send_mailings"
    template_name = "community/mailing.html"

    @cached_property
    def mailing(self) -> Mailing:
        return get_object_or_404(
            Mailing.objects.select_related("peer_group", "event", "sent_by"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        mailing = self.mailing
        if mailing.sent_at:
            recipients = [(r.name, r.email, r.language) for r in mailing.recipients.all()]
        else:
            recipients = [
                (name, email, language)
                for _person, name, email, language in services.mailing_recipients(mailing)
            ]
        return super().get_context_data(mailing=mailing, recipients=recipients, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            count = services.send_mailing(mailing=self.mailing, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Sent to %(count)s people.") % {"count": count})
        return redirect("community:mailing", pk=self.mailing.pk)


def attachment_view(request, pk):
    """Download an attachment after asking whether the person may read what it is attached
    to; anything else answers 404, so its existence is not revealed."""
    from django.http import FileResponse

    attachment = get_object_or_404(
        Attachment.objects.select_related("post__thread__area", "practice"), pk=pk
    )
    if not request.user.has_perm("community.download_attachment", attachment):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
