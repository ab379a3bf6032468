"""The discussion pages. Areas, threads and messages load only from those the person may read
(`Area.objects.readable_by`): anything else answers 404, so nobody learns what another peer
group discusses."""

from django.contrib import messages
from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin
from uso.network.models import Period

from . import services
from .forms import ReplyForm, ReportForm, SettingsForm, ThreadForm
from .models import Area, Follow, Post, ReadMark, Report, Thread

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


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


class IndexView(PermissionMixin, TemplateView):
    permission_required = "community.view_community"
    template_name = "community/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        period = Period.objects.current()
        if period is not None:
            services.ensure_areas(period=period)
        unread = Thread.objects.filter(area=OuterRef("pk"), hidden=False).exclude(
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
                thread_count=Count("threads", filter=Q(threads__hidden=False), distinct=True),
                unread_count=Subquery(
                    unread.order_by().values("area").annotate(n=Count("pk")).values("n")[:1]
                ),
            )
        )
        latest = _with_unread(
            Thread.objects.readable_by(user).filter(area__period=period), user
        ).select_related("area__theme_area", "area__peer_group")[:10]
        return super().get_context_data(period=period, areas=areas, latest=latest, **kwargs)


class AreaView(PermissionMixin, ListView):
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


class ThreadCreateView(PermissionMixin, FormView):
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


class ThreadView(PermissionMixin, ListView):
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
        services.mark_read(person=user, thread=thread)
        kwargs.setdefault("form", ReplyForm())
        return super().get_context_data(
            thread=thread,
            area=thread.area,
            last_read=last_read,
            following=Follow.objects.filter(person=user, thread=thread).exists(),
            can_reply=user.has_perm("community.reply", thread),
            moderator=user.has_perm("community.moderate"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("community.reply", self.thread):
            raise Http404
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                post = services.post_reply(
                    thread=self.thread, author=request.user, body=form.cleaned_data["body"]
                )
            except DomainError as error:
                form.add_error(error.field, error.message)
            else:
                page = (self.thread.post_count - 1) // POSTS_PER_PAGE + 1
                return redirect(f"{self.thread_url()}?page={page}#post-{post.pk}")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))

    def thread_url(self) -> str:
        from django.urls import reverse

        return reverse("community:thread", kwargs={"pk": self.thread.pk})


class PostMixin(PermissionMixin):
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
    form_class = ReplyForm

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


class PostHistoryView(PostMixin, TemplateView):
    permission_required = "community.moderate"
    template_name = "community/post_history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.post_object, revisions=self.post_object.revisions.all(), **kwargs
        )


class FollowView(PermissionMixin, View):
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
        if on:
            messages.success(request, _("You follow this now; new messages are e-mailed to you."))
        else:
            messages.success(request, _("You no longer follow this."))
        name = "community:area" if isinstance(self.target, Area) else "community:thread"
        return redirect(name, pk=self.target.pk)


class ModerationView(PermissionMixin, ListView):
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


class SettingsView(PermissionMixin, FormView):
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
