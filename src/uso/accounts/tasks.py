from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import Invitation


@shared_task
def purge_expired_invitations() -> int:
    """Unused invitation links carry nothing worth keeping a month after they expired."""
    cutoff = timezone.now() - timedelta(days=30)
    deleted, _by_model = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=cutoff
    ).delete()
    return deleted
