from celery import shared_task


# A file whose reading kills the worker process (all memory used, say) is not handed back to
# be read again and again: the material stays "extraction failed/pending" for a coordinator.
@shared_task(acks_late=True, reject_on_worker_lost=False)
def read_material_file(material_id: int) -> None:
    from .services import read_file

    read_file(material_id)


@shared_task
def send_weekly_digests() -> int:
    from .services import send_weekly_digests as send

    return send()
