"""E-mail backends for tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message: raises smtplib.SMTPException, as
    Django's SMTP backend does when the server fails, so tests can exercise a failed send."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("uji: server SMTP menolak pesan")
