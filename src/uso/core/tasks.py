from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    attachments: list | None = None,
    reply_to: list[str] | None = None,
) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
    )
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()
