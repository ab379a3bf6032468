from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import TemplateView, UpdateView, View

from uso.accounts.models import User
from uso.billing.models import FeeBand
from uso.network.forms import JoinForm
from uso.network.models import Membership, Municipality, Period, ThemeArea

from .forms import SitePageForm
from .mixins import PermissionMixin
from .models import SitePage


def current_period_with_themes():
    return (
        Period.objects.select_related("network")
        .prefetch_related(
            Prefetch("theme_areas", queryset=ThemeArea.objects.prefetch_related("sub_themes"))
        )
        .current()
    )


def page_not_found(request, exception):
    """An address that leads nowhere: under /api/ the API's JSON error, elsewhere the page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"message": _("Not found."), "errors": {}}, status=404)
    return defaults.page_not_found(request, exception)


class HealthView(PermissionMixin, View):
    """'ok' for a load balancer's liveness check, without touching the database: the
    cheapest request the app answers, so the benchmark's yardstick for every page."""

    permission_required = "core.view_public_pages"

    def get(self, request):
        response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


class LandingView(PermissionMixin, TemplateView):
    """The public front page: the network as its brochure presents it, and the join form."""

    permission_required = "core.view_public_pages"
    template_name = "core/landing.html"

    def get_context_data(self, **kwargs):
        period = current_period_with_themes()
        member_count = period.memberships.active().count() if period else 0
        bands = list(FeeBand.objects.filter(schedule__period=period)) if period else []
        fees = [band.annual_fee for band in bands]
        return super().get_context_data(
            period=period,
            fee_bands=bands,
            fee_low=min(fees, default=None),
            fee_high=max(fees, default=None),
            member_count=member_count,
            join_period=Period.objects.taking_applications(),
            join_form=JoinForm(),
            next_events=upcoming_events_of(self.request.user)["next_events"][:3],
            featured_collections=featured_collections(),
            **kwargs,
        )


def featured_collections():
    from uso.library.models import Collection

    return list(Collection.objects.filter(featured=True).order_by("order", "id")[:4])


def upcoming_events_of(user) -> dict:
    """The next events a person has registered for, and the next ones they could attend."""
    from uso.events.models import Event, Registration

    if not user.is_authenticated:
        mine = Registration.objects.none()
    else:
        mine = (
            Registration.objects.filter(person=user, event__end__gte=timezone.now())
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event")
            .order_by("event__start")[:5]
        )
    taken = [registration.event_id for registration in mine]
    others = (
        Event.objects.visible_to(user)
        .upcoming()
        .filter(status=Event.Status.PUBLISHED)
        .exclude(pk__in=taken)
        .order_by("start")[:5]
    )
    return {"my_registrations": mine, "next_events": others}


class DashboardView(PermissionMixin, TemplateView):
    permission_required = "core.view_dashboard"
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        # The dashboard names the theme areas only: no sub-themes, no network.
        period = Period.objects.prefetch_related("theme_areas").current()
        context = {
            "period": period,
            "featured_collections": featured_collections(),
            **upcoming_events_of(user),
        }
        if user.municipality_id:
            context["membership"] = (
                Membership.objects.filter(municipality_id=user.municipality_id, period=period)
                .select_related("period")
                .first()
            )
            context["colleagues"] = (
                User.objects.active().filter(municipality_id=user.municipality_id).count()
            )
        if user.is_consultant:
            context["assigned"] = (
                Membership.objects.filter(assignments__consultant=user)
                .select_related("municipality", "period")
                .order_by("-period__start_date", "municipality__name_fi")
            )
        if user.is_coordinator and period:
            # Members of the current period; applications waiting in any period.
            context["stats"] = Membership.objects.aggregate(
                active=Count("pk", filter=Q(period=period, status=Membership.Status.ACTIVE)),
                applied=Count("pk", filter=Q(status=Membership.Status.APPLIED)),
            )
            context["people_count"] = User.objects.active().count()
            context["municipality_count"] = Municipality.objects.count()
        return super().get_context_data(**context, **kwargs)


class SitePageView(PermissionMixin, TemplateView):
    permission_required = "core.view_public_pages"
    template_name = "core/site_page.html"
    slug = None

    def get_context_data(self, **kwargs):
        page = SitePage.objects.filter(slug=self.slug).first()
        if page is None:
            raise Http404
        return super().get_context_data(page=page, **kwargs)


class SitePageEditView(PermissionMixin, UpdateView):
    permission_required = "core.edit_site_page"
    model = SitePage
    form_class = SitePageForm
    slug_field = "slug"
    template_name = "core/site_page_form.html"

    def form_valid(self, form):
        form.instance.updated_by = self.request.user
        page = form.save()
        messages.success(self.request, _("The page was saved."))
        return redirect(f"core:{page.slug}")
