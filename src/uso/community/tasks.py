from celery import shared_task


@shared_task
def send_daily_digests() -> int:
    from .services import send_daily_digests as send

    return send()
