"""Subscribing to sub-themes for the weekly digest, and the digest's one-click unsubscribe."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin
from uso.network.models import Period

from .. import services
from ..forms import SubscriptionForm
from ..models import Subscription


class SubscriptionsView(PermissionMixin, FormView):
    permission_required = "library.subscribe"
    template_name = "library/subscriptions.html"
    form_class = SubscriptionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "period": Period.objects.current()}

    def get_initial(self):
        chosen = Subscription.objects.filter(person=self.request.user)
        return {"sub_themes": list(chosen.values_list("sub_theme_id", flat=True))}

    def form_valid(self, form):
        services.set_subscriptions(
            person=self.request.user, sub_themes=form.cleaned_data["sub_themes"]
        )
        if form.cleaned_data["sub_themes"]:
            messages.success(
                self.request,
                _("Saved. You will get a weekly e-mail when there are new materials."),
            )
        else:
            messages.success(self.request, _("Saved. You will not get the weekly e-mail."))
        return redirect("library:subscriptions")


class UnsubscribeView(PermissionMixin, TemplateView):
    """The digest's link stops every digest at once, without signing in (one click)."""

    permission_required = "library.unsubscribe"
    template_name = "library/unsubscribed.html"

    def get_context_data(self, **kwargs):
        try:
            person = services.unsubscribe(self.kwargs["token"])
        except DomainError as error:
            return super().get_context_data(error=str(error), **kwargs)
        return super().get_context_data(person=person, **kwargs)
