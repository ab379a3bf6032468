from celery import shared_task

from . import services


@shared_task
def send_event_reminders() -> int:
    return services.send_due_reminders()


@shared_task
def request_event_feedback() -> int:
    return services.request_feedback()


@shared_task
def erase_dietary_requirements() -> int:
    return services.erase_dietary_requirements()
