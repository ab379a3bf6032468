"""Library materials for the tests, saved through the service so that they are indexed."""

from datetime import timedelta

from django.utils import timezone

from uso.library import services
from uso.library.models import Material
from uso.network.models import SubTheme, ThemeArea


def material(
    *,
    title="Aineisto",
    summary="",
    body="",
    kind=Material.Kind.ARTICLE,
    visibility=Material.Visibility.PUBLIC,
    municipality=None,
    language="fi",
    audience=Material.Audience.EVERYONE,
    status=Material.Status.PUBLISHED,
    published_at=None,
    sub_themes=(),
    by=None,
    checklist=None,
    upload=None,
    **fields,
) -> Material:
    item = Material(
        title=title,
        summary=summary,
        body=body,
        kind=kind,
        visibility=visibility,
        municipality=municipality,
        language=language,
        audience=audience,
        status=status,
        published_at=published_at or timezone.now() - timedelta(days=1),
        **fields,
    )
    return services.save_material(
        material=item, by=by, sub_themes=list(sub_themes), checklist=checklist, upload=upload
    )


def sub_theme(period, name="Strategia"):
    area = ThemeArea.objects.create(period=period, name_fi="Teema", name=f"Teema {name}")
    return SubTheme.objects.create(theme_area=area, name_fi=name, name=name)
