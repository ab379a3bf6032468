"""Queueing e-mail: rendered in the recipient's language, sent by a task after the commit."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def render_email(template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (prefixed, on one line) and the body of `<template>_subject.txt` and
    `<template>_body.txt`, in `language`, with the site's address as `site_url`."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str = "fi",
    attachments: list[tuple[str, str, str]] | None = None,
    reply_to: str | None = None,
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and send after the commit.

    `attachments` are (file name, text content, MIME type), e.g. a calendar entry; replies go
    to `reply_to` when given.
    Rendering happens now, inside the caller's transaction, so the mail says what was true
    when the change was made; sending waits for the commit so a rolled-back change sends nothing.
    """
    subject, body = render_email(template, context, language)
    transaction.on_commit(
        partial(
            send_email.delay,
            to=[to],
            subject=subject,
            body=body,
            attachments=attachments or [],
            reply_to=[reply_to] if reply_to else [],
        )
    )
