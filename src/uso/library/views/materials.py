"""A material's page, adding and editing materials, downloads and checklists.

Materials load only from those the person may see (`Material.objects.visible_to`): another
municipality's material answers 404; a visitor who is not signed in is asked to sign in first.
Files are never served from a public address: each download asks the rules and is counted.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView

from uso.core.mixins import PermissionMixin

from .. import services
from ..forms import MaterialForm
from ..models import ChecklistItem, ChecklistTick, Collection, Material


def visible_material_or_404(request, pk) -> Material:
    visible = Material.objects.visible_to(request.user).select_related("municipality", "period")
    return get_object_or_404(visible, pk=pk)


class MaterialMixin:
    """The material the URL names, if the person may see it."""

    def dispatch(self, request, *args, **kwargs):
        anonymous = not request.user.is_authenticated
        if anonymous and not self._visible() and Material.objects.filter(pk=kwargs["pk"]).exists():
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def _visible(self) -> bool:
        return Material.objects.visible_to(self.request.user).filter(pk=self.kwargs["pk"]).exists()

    @cached_property
    def material(self) -> Material:
        return visible_material_or_404(self.request, self.kwargs["pk"])

    def get_permission_object(self):
        return self.material


class MaterialView(MaterialMixin, PermissionMixin, DetailView):
    permission_required = "library.view_material"
    template_name = "library/material.html"
    context_object_name = "material"

    def get_object(self, queryset=None):
        return self.material

    def get(self, request, *args, **kwargs):
        practice = getattr(self.material, "practice", None)
        if practice is not None:  # a good practice's page is its card in the discussions
            return redirect(practice)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        material = self.material
        checklist = checklist_of(material, user)
        versions = (
            Material.objects.visible_to(user)
            .published()
            .filter(language_group=material.language_group)
            .exclude(pk=material.pk)
            .order_by("language")
        )
        return super().get_context_data(
            sub_themes=material.sub_themes.select_related("theme_area"),
            versions=versions,
            in_collections=Collection.objects.filter(items__material=material).distinct(),
            checklist=checklist,
            checklist_done=sum(1 for item in checklist if getattr(item, "done", False)),
            checklist_total=len(checklist),
            can_change=user.has_perm("library.change_material", material),
            can_tick=user.has_perm("library.tick_checklist", material),
            **kwargs,
        )


def checklist_of(material, user) -> list:
    if material.kind != Material.Kind.CHECKLIST:
        return []
    items = ChecklistItem.objects.filter(material=material)
    if user.is_authenticated and user.municipality_id:
        ticks = ChecklistTick.objects.filter(item=OuterRef("pk"), municipality=user.municipality)
        items = items.annotate(done=Exists(ticks))
    return list(items)


@require_POST
def checklist_tick_view(request, pk, item):
    """Tick or untick a checklist item for the person's own municipality."""
    material = visible_material_or_404(request, pk)
    if not request.user.has_perm("library.tick_checklist", material):
        raise Http404
    checklist_item = get_object_or_404(ChecklistItem, pk=item, material=material)
    checklist_item.done = services.set_checklist_item(
        item=checklist_item,
        municipality=request.user.municipality,
        by=request.user,
        done=request.POST.get("done") == "1",
    )
    if request.htmx:
        ticked = ChecklistTick.objects.filter(
            item__material=material, municipality_id=request.user.municipality_id
        )
        return TemplateResponse(
            request,
            "library/_checklist_tick.html",
            {
                "material": material,
                "item": checklist_item,
                "can_tick": True,
                "checklist_done": ticked.count(),
                "checklist_total": material.checklist_items.count(),
            },
        )
    return redirect(material)


def download_view(request, pk):
    material = Material.objects.filter(pk=pk).first()
    visible = Material.objects.visible_to(request.user).filter(pk=pk).exists()
    if material is not None and not visible and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if material is None or not visible or not material.file:
        raise Http404
    services.record_download(material)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file_name)


class MaterialFormMixin:
    template_name = "library/material_form.html"
    form_class = MaterialForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind, "user": self.request.user}

    def form_valid(self, form):
        material = form.save(commit=False)
        try:
            services.save_material(
                material=material,
                by=self.request.user,
                sub_themes=form.cleaned_data["sub_themes"],
                checklist=form.cleaned_data.get("checklist"),
                upload=form.cleaned_data.get("upload") or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(material))
        return redirect(material)


class MaterialCreateView(PermissionMixin, MaterialFormMixin, FormView):
    permission_required = "library.add_material"

    @cached_property
    def kind(self):
        if self.kwargs["kind"] not in Material.ADDED_HERE:
            raise Http404
        return self.kwargs["kind"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Material(kind=self.kind, language=self.request.LANGUAGE_CODE[:2])
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind_label=Material.Kind(self.kind).label, adding=True, **kwargs
        )

    def success_message(self, material):
        return _("The material was saved.")


class MaterialEditView(MaterialMixin, PermissionMixin, MaterialFormMixin, FormView):
    permission_required = "library.change_material"

    @property
    def kind(self):
        return self.material.kind

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.material}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            material=self.material, kind_label=self.material.get_kind_display(), **kwargs
        )

    def success_message(self, material):
        return _("Your changes were saved.")


class MaterialDeleteView(MaterialMixin, PermissionMixin, TemplateView):
    permission_required = "library.change_material"
    template_name = "library/material_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(material=self.material, **kwargs)

    def post(self, request, *args, **kwargs):
        title = self.material.title
        services.delete_material(material=self.material)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect("library:manage")


class ManageView(PermissionMixin, ListView):
    """The materials a coordinator or consultant looks after: drafts, scheduled ones, files whose
    text could not be read, and the download counts."""

    permission_required = "library.manage_materials"
    template_name = "library/manage.html"
    paginate_by = 50
    context_object_name = "materials"
    SHOW = ("all", "drafts", "scheduled", "unreadable")

    def show(self):
        chosen = self.request.GET.get("show", "all")
        return chosen if chosen in self.SHOW else "all"

    def condition(self) -> Q:
        return {
            "all": Q(),
            "drafts": Q(status=Material.Status.DRAFT),
            "scheduled": Q(status=Material.Status.PUBLISHED, published_at__gt=timezone.now()),
            "unreadable": Q(extraction=Material.Extraction.FAILED),
        }[self.show()]

    def get_queryset(self):
        materials = Material.objects.all()
        if not self.request.user.is_coordinator:
            materials = materials.filter(created_by=self.request.user)
        return (
            materials.filter(self.condition())
            .select_related("municipality", "created_by")
            .order_by("-updated_at", "-id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            show=self.show(),
            query=f"show={self.show()}",
            kinds=[(k, label) for k, label in Material.Kind.choices if k in Material.ADDED_HERE],
            now=timezone.now(),
            **kwargs,
        )
