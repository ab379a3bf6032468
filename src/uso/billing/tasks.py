from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Reminder


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminder_email(reminder_id: int) -> bool:
    """Send one payment reminder; a reminder already sent is never sent again."""
    from .documents import render_invoice_pdf

    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("invoice__series", "invoice__membership__period__network")
            .get(pk=reminder_id)
        )
        if reminder.sent_at is not None:
            return False
        invoice = reminder.invoice
        with translation.override(invoice.language):
            context = {"invoice": invoice, "reminder": reminder, "site_url": settings.SITE_URL}
            subject = render_to_string("billing/email/reminder_subject.txt", context).strip()
            body = render_to_string("billing/email/reminder_body.txt", context)
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[reminder.to_email],
        )
        message.attach(
            f"{invoice.display_number}-reminder-{reminder.sequence}.pdf",
            render_invoice_pdf(invoice, reminder=reminder),
            "application/pdf",
        )
        message.send()
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_fee_estimate_email(estimate_id: int) -> bool:
    """Send one fee estimate with its PDF; an estimate already sent is not sent again."""
    from weasyprint import HTML

    from .models import FeeEstimate

    with transaction.atomic():
        estimate = (
            FeeEstimate.objects.select_for_update()
            .select_related("membership__municipality", "period__network")
            .get(pk=estimate_id)
        )
        if estimate.sent_at is not None:
            return False
        language = estimate.membership.invoice_language
        with translation.override(language):
            context = {
                "estimate": estimate,
                "network": estimate.period.network,
                "today": timezone.localdate(),
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("billing/email/fee_estimate_subject.txt", context).strip()
            body = render_to_string("billing/email/fee_estimate_body.txt", context)
            pdf = HTML(
                string=render_to_string("billing/fee_estimate_pdf.html", context)
            ).write_pdf()
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[estimate.sent_to],
        )
        message.attach(f"fee-estimate-{estimate.year}.pdf", pdf, "application/pdf")
        message.send()
        estimate.sent_at = timezone.now()
        estimate.save(update_fields=["sent_at"])
    return True
