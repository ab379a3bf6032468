from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .html import sanitize_html


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SitePage(TimeStampedModel):
    """A footer page that coordinators edit: the privacy notice, the accessibility statement."""

    class Slug(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    slug = models.SlugField(_("page"), choices=Slug.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("content"), help_text=_("Simple HTML: headings, paragraphs, lists, links.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for field in ("body_fi", "body_sv", "body_en"):
            value = getattr(self, field, None)
            if value:
                setattr(self, field, sanitize_html(value))
        super().save(*args, **kwargs)


def private_storage():
    """The storage of files that are never served from a public address."""
    from django.core.files.storage import storages

    return storages["private"]
