from celery import shared_task


@shared_task
def send_daily_digests() -> int:
    from .services import send_daily_digests as send

    return send()


@shared_task
def tell_the_asked(post_id: int) -> int:
    from .services import tell_the_asked as tell

    return tell(post_id)
