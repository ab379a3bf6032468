from celery import shared_task


@shared_task
def read_material_file(material_id: int) -> None:
    from .services import read_file

    read_file(material_id)


@shared_task
def send_weekly_digests() -> int:
    from .services import send_weekly_digests as send

    return send()
