from celery import shared_task
from celery.signals import worker_ready


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_daily_digests() -> int:
    from .services import send_daily_digests as send

    return send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_unsent_digests() -> int:
    from .services import send_unsent_digests as send

    return send()


@worker_ready.connect
def send_digests_left_unsent(sender, **kwargs) -> None:
    """A worker that starts sends the digests a killed worker had claimed but not sent. The
    killed task itself comes back too, but only once the broker's visibility timeout has
    passed (CELERY_BROKER_TRANSPORT_OPTIONS)."""
    send_unsent_digests.delay()


@shared_task
def tell_the_asked(post_id: int) -> int:
    from .services import tell_the_asked as tell

    return tell(post_id)
