import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, UpdateView

from uso.core.errors import DomainError
from uso.core.mixins import FilteredListMixin, PermissionMixin
from uso.network import mixins as network_mixins

from . import services
from .forms import (
    AcceptInvitationForm,
    DeleteAccountForm,
    HandOverForm,
    InviteForm,
    PeopleFilterForm,
    PeopleImportForm,
    PersonForm,
    StaffInviteForm,
)
from .models import Role, User


class MunicipalityMixin(network_mixins.MunicipalityMixin):
    """The municipality of the URL, also in the template's context."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.municipality, **kwargs)


class PeopleListView(PermissionMixin, FilteredListMixin, ListView):
    """Coordinators: everyone, with filters and bulk deactivation."""

    permission_required = "accounts.manage_people"
    template_name = "accounts/people_list.html"
    filter_form_class = PeopleFilterForm
    paginate_by = 50

    def get_queryset(self):
        queryset = User.objects.select_related("municipality").order_by("last_name", "first_name")
        form = self.get_filter_form()
        if form.is_valid():
            data = form.cleaned_data
            if data["q"]:
                queryset = queryset.filter(
                    Q(first_name__icontains=data["q"])
                    | Q(last_name__icontains=data["q"])
                    | Q(email__icontains=data["q"])
                    | Q(municipality__name_fi__icontains=data["q"])
                )
            if data["role"]:
                queryset = queryset.filter(role=data["role"])
            if data["active"]:
                queryset = queryset.filter(is_active=data["active"] == "yes")
        return queryset


class MunicipalityPeopleView(MunicipalityMixin, PermissionMixin, ListView):
    """A municipality's people, where its contact person invites and removes participants."""

    permission_required = "accounts.view_people"
    template_name = "accounts/municipality_people.html"

    def get_queryset(self):
        return User.objects.filter(municipality=self.municipality).order_by(
            "-is_active", "last_name", "first_name"
        )


class InviteView(MunicipalityMixin, PermissionMixin, FormView):
    permission_required = "accounts.invite_person"
    template_name = "accounts/invite.html"

    def get_form(self, form_class=None):
        roles = [Role.PARTICIPANT]
        if self.request.user.is_coordinator:
            roles = [Role.PARTICIPANT, Role.CONTACT]
        return InviteForm(roles=roles, **self.get_form_kwargs())

    def get_initial(self):
        return {"language": self.municipality.default_language}

    def form_valid(self, form):
        try:
            person = services.invite_person(
                municipality=self.municipality, invited_by=self.request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("An invitation was sent to %(email)s.") % {"email": person.email}
        )
        return redirect("accounts:municipality_people", code=self.municipality.code)


class StaffInviteView(PermissionMixin, FormView):
    permission_required = "accounts.manage_people"
    template_name = "accounts/invite.html"

    def get_form(self, form_class=None):
        return StaffInviteForm(roles=Role.values, **self.get_form_kwargs())

    def form_valid(self, form):
        try:
            person = services.invite_person(invited_by=self.request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("An invitation was sent to %(email)s.") % {"email": person.email}
        )
        return redirect("accounts:people")


class PersonUpdateView(PermissionMixin, UpdateView):
    permission_required = "accounts.manage_people"
    model = User
    form_class = PersonForm
    template_name = "accounts/person_form.html"

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The details were saved."))
        return redirect("accounts:people")


def back_to_people_of(person):
    if person.municipality_id:
        return redirect("accounts:municipality_people", code=person.municipality.code)
    return redirect("accounts:people")


class ResendInvitationView(PermissionMixin, TemplateView):
    permission_required = "accounts.reinvite_person"
    http_method_names = ["post"]

    def get_permission_object(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def post(self, request, pk):
        person = self.get_permission_object()
        services.send_invitation(user=person, invited_by=request.user)
        messages.success(
            request, _("A new invitation was sent to %(email)s.") % {"email": person.email}
        )
        return back_to_people_of(person)


class RemovePersonView(PermissionMixin, TemplateView):
    permission_required = "accounts.remove_person"
    http_method_names = ["post"]

    def get_permission_object(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def post(self, request, pk):
        person = self.get_permission_object()
        try:
            services.remove_person(person=person, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(person)s can no longer sign in.") % {"person": person})
        return back_to_people_of(person)


class DeactivatePeopleView(PermissionMixin, TemplateView):
    permission_required = "accounts.manage_people"
    http_method_names = ["post"]

    def post(self, request):
        ids = [value for value in request.POST.getlist("people") if value.isdigit()]
        count = services.deactivate_people(people=User.objects.filter(pk__in=ids), by=request.user)
        messages.success(request, _("%(count)s people were deactivated.") % {"count": count})
        return redirect("accounts:people")


class PeopleImportView(PermissionMixin, FormView):
    permission_required = "accounts.manage_people"
    form_class = PeopleImportForm
    template_name = "accounts/people_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = services.import_people(
                filename=upload.name,
                data=upload.read(),
                by=self.request.user,
                send_invitations=form.cleaned_data["send_invitations"],
            )
        except DomainError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        if result.errors:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(
            self.request,
            _("Imported %(created)s new and updated %(updated)s existing people.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("accounts:people")


class HandOverContactView(MunicipalityMixin, PermissionMixin, FormView):
    permission_required = "accounts.manage_people"
    template_name = "accounts/hand_over.html"

    def get_form(self, form_class=None):
        return HandOverForm(municipality=self.municipality, **self.get_form_kwargs())

    def form_valid(self, form):
        try:
            person = services.hand_over_contact_role(
                municipality=self.municipality,
                to=form.cleaned_data["person"],
                by=self.request.user,
            )
        except DomainError as error:
            form.add_error("person", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(person)s is now the contact person.") % {"person": person}
        )
        return redirect("network:municipality", code=self.municipality.code)


class AcceptInvitationView(PermissionMixin, FormView):
    """Public: the one-time link from the invitation e-mail; the token is the credential."""

    permission_required = "accounts.accept_invitation"
    form_class = AcceptInvitationForm
    template_name = "accounts/accept_invitation.html"

    @cached_property
    def invitation(self):
        return services.usable_invitation(self.kwargs["token"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.invitation is not None:
            logout(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def form_valid(self, form):
        try:
            user = services.accept_invitation(
                token=self.kwargs["token"], password=form.cleaned_data["password"]
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        login(self.request, user, backend="uso.accounts.backends.PasswordBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect("core:dashboard")


class MyAccountView(PermissionMixin, UpdateView):
    permission_required = "accounts.manage_own_account"
    form_class = PersonForm
    template_name = "accounts/my_account.html"

    def get_object(self, queryset=None):
        return self.request.user

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["email"].disabled = True
        return form

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your details were saved."))
        return redirect("accounts:me")

    def get_context_data(self, **kwargs):
        return super().get_context_data(delete_form=DeleteAccountForm(), **kwargs)


class MyDataView(PermissionMixin, TemplateView):
    permission_required = "accounts.manage_own_account"

    def get(self, request):
        data = services.export_personal_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="uso-my-data-{stamp}.json"'
        return response


class DeleteAccountView(PermissionMixin, FormView):
    permission_required = "accounts.manage_own_account"
    form_class = DeleteAccountForm
    template_name = "accounts/delete_account.html"

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        services.delete_account(user=user)
        messages.success(self.request, _("Your account was removed."))
        return redirect("core:landing")
