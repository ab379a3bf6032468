from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from uso.accounts.models import Role, User
from uso.core.errors import DomainError
from uso.core.mixins import FilteredListMixin, PermissionMixin

from . import services
from .forms import (
    ConsultantsForm,
    JoinForm,
    MembershipForm,
    MunicipalityFilterForm,
    NextPeriodForm,
    PeerGroupForm,
    PopulationForm,
    PopulationImportForm,
)
from .mixins import MunicipalityMixin
from .models import Membership, Municipality, PeerGroup, Period, ThemeArea


def display_value(obj, name: str) -> str:
    """A field's value as a person reads it: the label of a choice, not its code; dates and
    numbers in the language's format (28.11.2026, 12 345)."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    if value is None:
        return ""
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, use_l10n=True, force_grouping=True)
    return value


def themed_periods():
    return Period.objects.prefetch_related(
        Prefetch("theme_areas", queryset=ThemeArea.objects.prefetch_related("sub_themes"))
    )


# --- Municipalities ----------------------------------------------------------------------------


class MunicipalityListView(PermissionMixin, FilteredListMixin, ListView):
    permission_required = "network.browse_municipalities"
    template_name = "network/municipality_list.html"
    filter_form_class = MunicipalityFilterForm
    paginate_by = 50

    @cached_property
    def current_period(self):
        return Period.objects.current()

    def get_queryset(self):
        queryset = Municipality.objects.select_related("region").with_population()
        if self.current_period is not None:
            queryset = queryset.annotate(
                is_member=Count(
                    "memberships",
                    filter=Q(
                        memberships__period=self.current_period,
                        memberships__status=Membership.Status.ACTIVE,
                    ),
                )
            )
        form = self.get_filter_form()
        if form.is_bound:
            form.is_valid()  # the valid filters apply even when another one is not
            queryset = form.filter(queryset, self.current_period)
        return queryset.in_name_order()

    def get_template_names(self):
        if self.request.htmx:
            return ["network/municipality_list.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_period=self.current_period, **kwargs)


class MunicipalityDetailView(MunicipalityMixin, PermissionMixin, TemplateView):
    permission_required = "network.view_municipality"
    template_name = "network/municipality_detail.html"

    def get_context_data(self, **kwargs):
        municipality = self.municipality
        people = User.objects.filter(municipality=municipality).order_by("last_name", "first_name")
        memberships = (
            municipality.memberships.select_related("period")
            .prefetch_related("consultants")
            .order_by("-period__start_date")
        )
        return super().get_context_data(
            municipality=municipality,
            memberships=memberships,
            contacts=[p for p in people if p.role == Role.CONTACT and p.is_active],
            people=people,
            populations=municipality.populations.order_by("-year"),
            population_form=PopulationForm(),
            **kwargs,
        )


class PopulationCreateView(MunicipalityMixin, PermissionMixin, FormView):
    permission_required = "network.manage_registry"
    form_class = PopulationForm
    template_name = "network/population_form.html"

    def form_valid(self, form):
        services.set_population(municipality=self.municipality, **form.cleaned_data)
        messages.success(self.request, _("The population figure was saved."))
        return redirect("network:municipality", code=self.municipality.code)

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.municipality, **kwargs)


class PopulationImportView(PermissionMixin, FormView):
    permission_required = "network.manage_registry"
    form_class = PopulationImportForm
    template_name = "network/population_import.html"

    def form_valid(self, form):
        result = services.import_population(data=form.cleaned_data["file"].read())
        if result.errors:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(
            self.request,
            _("Imported %(count)s population figures.") % {"count": len(result.figures)},
        )
        return redirect("network:municipalities")


# --- Joining -----------------------------------------------------------------------------------


class JoinView(PermissionMixin, FormView):
    permission_required = "network.apply_to_join"
    form_class = JoinForm
    template_name = "network/join.html"

    @cached_property
    def period(self):
        return Period.objects.taking_applications()

    def form_valid(self, form):
        if self.period is None:
            form.add_error(None, _("No period takes applications at the moment."))
            return self.form_invalid(form)
        try:
            services.apply_to_join(period=self.period, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        return redirect("network:join_thanks")

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, **kwargs)


class JoinThanksView(PermissionMixin, TemplateView):
    permission_required = "network.apply_to_join"
    template_name = "network/join_thanks.html"


# --- Periods, applications and memberships ----------------------------------------------------


class PeriodListView(PermissionMixin, ListView):
    permission_required = "network.manage_periods"
    template_name = "network/period_list.html"

    def get_queryset(self):
        return Period.objects.select_related("network").annotate(
            members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)),
            applications=Count(
                "memberships", filter=Q(memberships__status=Membership.Status.APPLIED)
            ),
        )


class PeriodDetailView(PermissionMixin, DetailView):
    permission_required = "network.manage_periods"
    template_name = "network/period_detail.html"

    def get_queryset(self):
        return themed_periods().select_related("network")

    def get_context_data(self, **kwargs):
        memberships = (
            self.object.memberships.select_related("municipality", "application")
            .prefetch_related("consultants")
            .order_by("status", "municipality__name_fi")
        )
        return super().get_context_data(
            memberships=memberships,
            peer_groups=self.object.peer_groups.annotate(size=Count("members")),
            **kwargs,
        )


class MembershipDetailView(PermissionMixin, UpdateView):
    """Contact persons read their membership's details; coordinators edit them."""

    permission_required = "network.view_membership"
    form_class = MembershipForm
    template_name = "network/membership_detail.html"
    queryset = Membership.objects.select_related("municipality", "period", "application")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("network.manage_memberships"):
            return self.handle_no_permission()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        history = membership_history(self.object)
        # The coordinators' own notes are theirs: the municipality reads the rest.
        details = [
            (field.label, display_value(self.object, name))
            for name, field in MembershipForm.base_fields.items()
            if name != "notes"
        ]
        return super().get_context_data(
            can_edit=self.request.user.has_perm("network.manage_memberships"),
            details=details,
            consultants_form=ConsultantsForm(
                initial={"consultants": self.object.consultants.all()}
            ),
            history=history,
            **{**self.fee_context(), **kwargs},
        )

    def fee_context(self) -> dict:
        from uso.billing.forms import FeeOverrideForm
        from uso.billing.services import annual_fee_of

        override = getattr(self.object, "fee_override", None)
        try:
            band_fee = annual_fee_of(self.object) if override is None else None
        except DomainError:
            band_fee = None
        initial = {"annual_fee": override.annual_fee, "reason": override.reason} if override else {}
        return {
            "fee_override": override,
            "band_fee": band_fee,
            "fee_form": FeeOverrideForm(initial=initial),
        }

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The membership was saved."))
        return redirect("network:membership", pk=self.object.pk)


def membership_history(membership: Membership, limit: int = 20) -> list[dict]:
    """The membership's changes newest first, each saying what changed, with the yearly fee
    set by hand (a record of its own) among them: {"date", "user", "what"}."""
    from uso.billing.models import FeeOverride
    from uso.core.templatetags.uso import money

    entries = []
    # One record more than shown: the last one shown is compared with it.
    records = list(membership.history.select_related("history_user")[: limit + 1])
    for newer, older in zip(records[:limit], [*records[1:], None], strict=False):
        entries.append(
            {"date": newer.history_date, "user": newer.history_user, "what": _changes(newer, older)}
        )
    fee_records = FeeOverride.history.filter(membership_id=membership.pk).select_related(
        "history_user"
    )[:limit]
    for record in fee_records:
        if record.history_type == "-":
            what = _("Yearly fee set by hand removed: the fee band applies")
        else:
            what = _("Yearly fee set by hand: %(fee)s (%(reason)s)") % {
                "fee": money(record.annual_fee),
                "reason": record.reason,
            }
        entries.append({"date": record.history_date, "user": record.history_user, "what": what})
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries[:limit]


def _changes(newer, older) -> str:
    if newer.history_type == "+" or older is None:
        return _("Created")
    if newer.history_type == "-":
        return _("Deleted")
    changed = newer.diff_against(older, included_fields=Membership.EDITABLE_FIELDS).changed_fields
    labels = [str(Membership._meta.get_field(name).verbose_name) for name in changed]
    return _("Changed: %(fields)s") % {"fields": ", ".join(labels)} if labels else _("Saved")


class MembershipConsultantsView(PermissionMixin, FormView):
    permission_required = "network.manage_memberships"
    form_class = ConsultantsForm
    http_method_names = ["post"]

    def form_valid(self, form):
        membership = get_object_or_404(Membership, pk=self.kwargs["pk"])
        services.assign_consultants(
            membership=membership, consultants=form.cleaned_data["consultants"]
        )
        messages.success(self.request, _("The consultants were saved."))
        return redirect("network:membership", pk=membership.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Choose consultants from the list."))
        return redirect("network:membership", pk=self.kwargs["pk"])


class ApplicationListView(PermissionMixin, ListView):
    permission_required = "network.decide_applications"
    template_name = "network/application_list.html"

    def get_queryset(self):
        return (
            Membership.objects.applied()
            .select_related("municipality__region", "period", "application")
            .order_by("application__created_at")
        )


class ApplicationDecisionView(PermissionMixin, TemplateView):
    permission_required = "network.decide_applications"
    http_method_names = ["post"]
    decision = None

    def post(self, request, pk):
        membership = get_object_or_404(Membership, pk=pk)
        decide = (
            services.approve_application
            if self.decision == "approve"
            else (services.decline_application)
        )
        try:
            decide(membership=membership, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if self.decision == "approve":
                messages.success(
                    request,
                    _("%(municipality)s is now a member; its contact person was invited.")
                    % {"municipality": membership.municipality},
                )
            else:
                messages.info(
                    request,
                    _("The application of %(municipality)s was declined.")
                    % {"municipality": membership.municipality},
                )
        return redirect("network:applications")


# --- Peer groups -------------------------------------------------------------------------------


class PeerGroupListView(PermissionMixin, ListView):
    permission_required = "network.view_peer_groups"
    template_name = "network/peergroup_list.html"

    @cached_property
    def period(self):
        return get_object_or_404(Period, pk=self.kwargs["period"])

    def get_queryset(self):
        return self.period.peer_groups.select_related("rule_region").prefetch_related(
            Prefetch("members", queryset=Municipality.objects.order_by("name_fi"))
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.period, **kwargs)


class PeerGroupEditMixin(PermissionMixin):
    permission_required = "network.manage_peer_groups"
    model = PeerGroup
    form_class = PeerGroupForm
    template_name = "network/peergroup_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "period": self.get_period()}

    def form_valid(self, form):
        form.instance.period = self.get_period()
        group = form.save()
        services.rebuild_peer_group(group=group)
        messages.success(self.request, _("The peer group was saved."))
        return redirect("network:peer_groups", period=group.period_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(period=self.get_period(), **kwargs)


class PeerGroupCreateView(PeerGroupEditMixin, FormView):
    def get_period(self):
        return get_object_or_404(Period, pk=self.kwargs["period"])


class PeerGroupUpdateView(PeerGroupEditMixin, UpdateView):
    def get_period(self):
        return self.get_object().period


class PeerGroupRebuildView(PermissionMixin, TemplateView):
    permission_required = "network.manage_peer_groups"
    http_method_names = ["post"]

    def post(self, request, pk):
        group = get_object_or_404(PeerGroup, pk=pk)
        services.rebuild_peer_group(group=group)
        messages.success(
            request, _("The members of %(group)s were updated from its rule.") % {"group": group}
        )
        return redirect(reverse("network:peer_groups", kwargs={"period": group.period_id}))


# --- The next period ---------------------------------------------------------------------------


def previous_period_of(period):
    if period.follows_id:
        return period.follows
    return (
        Period.objects.filter(network=period.network, end_date__lt=period.start_date)
        .order_by("-end_date")
        .first()
    )


class NextPeriodView(PermissionMixin, FormView):
    """Start a new period from this one: themes, fee bands and peer groups are copied."""

    permission_required = "network.manage_periods"
    form_class = NextPeriodForm
    template_name = "network/next_period.html"

    @cached_property
    def previous(self):
        return get_object_or_404(Period, pk=self.kwargs["pk"])

    def get_initial(self):
        start = self.previous.end_date + timedelta(days=1)
        years = self.previous.end_date.year - self.previous.start_date.year + 1
        end = date(start.year + years - 1, 12, 31)
        label = f"{self.previous.network.name.split('-')[0]} {start.year}–{end.year}"
        return {
            "name_fi": label,
            "name_sv": label,
            "name_en": label,
            "start_date": start,
            "end_date": end,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            period = services.start_next_period(
                previous=self.previous,
                by=self.request.user,
                names={lang: data[f"name_{lang}"] for lang in ("fi", "sv", "en")},
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("%(period)s was created.") % {"period": period})
        return redirect("network:period", pk=period.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(previous=self.previous, **kwargs)


class RenewalRequestsView(PermissionMixin, TemplateView):
    permission_required = "network.manage_periods"
    http_method_names = ["post"]

    def post(self, request, pk):
        period = get_object_or_404(Period, pk=pk)
        previous = previous_period_of(period)
        if previous is None:
            messages.error(request, _("There is no earlier period whose members to ask."))
        else:
            count = services.request_renewals(
                previous=previous, next_period=period, by=request.user
            )
            messages.success(
                request, _("%(count)s members were asked to continue.") % {"count": count}
            )
        return redirect("network:period", pk=pk)


class RenewView(PermissionMixin, TemplateView):
    """Public: the link in the renewal e-mail; the token is the credential."""

    permission_required = "network.answer_renewal"
    template_name = "network/renew.html"

    def get_context_data(self, **kwargs):
        from .models import RenewalRequest

        renewal = (
            RenewalRequest.objects.select_related("membership__municipality", "next_period")
            .filter(token=self.kwargs["token"])
            .first()
        )
        return super().get_context_data(renewal=renewal, **kwargs)

    def post(self, request, token):
        try:
            renewal = services.answer_renewal(
                token=token, renew=request.POST.get("answer") == "renew"
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("network:renew", token=token)
        if renewal.answer == "renew":
            messages.success(
                request,
                _("Thank you: %(municipality)s continues in %(period)s.")
                % {"municipality": renewal.membership.municipality, "period": renewal.next_period},
            )
        else:
            messages.info(request, _("Thank you for your answer."))
        return redirect("network:renew", token=token)
