"""The outbox: queueing and sending every e-mail and in-app notification."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import access
from ..accounts import TOKEN_PER_JENIS, tautan_atur_sandi
from ..models import Notifikasi

log = logging.getLogger(__name__)


def notifikasi_queue(*, penerima, jenis, kunci, judul, isi, tautan="", instansi=None, tanggal=None):
    """Queue one message; a second call with the same (recipient, kind, key, day) does nothing.

    Returns True when a new row was written. Safe to call inside the caller's transaction: the row
    is committed (or rolled back) with it, so a message is never sent for work that did not happen.
    """
    row = _row(dict(penerima=penerima, jenis=jenis, kunci=kunci, judul=judul, isi=isi, tautan=tautan,
                    instansi=instansi, tanggal=tanggal), timezone.localdate())
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return False
    return True


def notifikasi_queue_many(items):
    """Bulk variant of ``notifikasi_queue``: INSERT … ON CONFLICT DO NOTHING, rows already queued are kept."""
    today = timezone.localdate()
    Notifikasi.objects.bulk_create([_row(item, today) for item in items], ignore_conflicts=True, batch_size=1000)


def _row(item, today):
    penerima = item["penerima"]
    email = penerima.email or ""
    return Notifikasi(
        penerima=penerima,
        instansi_id=item.get("instansi_id") or getattr(item.get("instansi"), "pk", None),
        jenis=item["jenis"], kunci=str(item["kunci"])[:100],
        tanggal=item.get("tanggal") or today, judul=item["judul"][:200], isi=item["isi"],
        # a set-password link is never stored, whatever the caller passed (it is made at send time)
        tautan="" if item["jenis"] in TOKEN_PER_JENIS else item.get("tautan", ""), email_tujuan=email,
        status_email=Notifikasi.StatusEmail.MENUNGGU if email else Notifikasi.StatusEmail.TANPA_EMAIL,
    )


def _backoff(attempt):
    """1, 2, 4, 8 … minutes, capped at an hour."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def outbox_send(*, batch=None, connection=None):
    """Send due e-mails from the outbox. Returns (sent, failed_now, retried).

    Rows are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and leased (``coba_lagi_pada`` moved
    ``OUTBOX_LEASE_SECONDS`` ahead) in one short transaction, so several workers (or beat firing twice)
    never send the same row; the SMTP connection is opened once for the batch. Each row is marked sent
    in its own statement right after the server accepted it, so a worker killed in the middle of a batch
    leaves only the message in flight to be sent again (once the lease runs out). A row whose send fails
    is retried later with back-off, and marked failed after ``OUTBOX_MAX_ATTEMPTS`` tries, where HR sees it.
    """
    batch = batch or settings.OUTBOX_BATCH
    now = timezone.now()
    sent = failed = retried = 0
    with transaction.atomic():
        rows = list(
            Notifikasi.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("penerima")  # a set-password link is rendered from the recipient's account
            .filter(status_email=Notifikasi.StatusEmail.MENUNGGU)
            .exclude(coba_lagi_pada__gt=now)
            .order_by("id")[:batch]
        )
        if not rows:
            return 0, 0, 0
        Notifikasi.objects.filter(pk__in=[r.pk for r in rows]).update(
            coba_lagi_pada=now + timedelta(seconds=getattr(settings, "OUTBOX_LEASE_SECONDS", 600)))
    connection = connection or mail.get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # the mail server is down: every row waits for the next try
        log.warning("Server e-mail tidak dapat dihubungi: %s", exc)
        for row in rows:
            failed_now = _gagal(row, exc, now)
            failed += failed_now
            retried += not failed_now
        Notifikasi.objects.bulk_update(rows, ["status_email", "percobaan", "coba_lagi_pada", "galat_terakhir"])
        return 0, failed, retried
    try:
        for row in rows:
            message = mail.EmailMessage(
                subject=row.judul, body=_body(row), to=[row.email_tujuan], connection=connection,
                headers={"X-Pembinaan-Notifikasi": str(row.pk)},
            )
            try:
                message.send()
            except Exception as exc:
                failed_now = _gagal(row, exc, now)
                failed += failed_now
                retried += not failed_now
                Notifikasi.objects.filter(pk=row.pk).update(
                    status_email=row.status_email, percobaan=row.percobaan, coba_lagi_pada=row.coba_lagi_pada,
                    galat_terakhir=row.galat_terakhir)
                try:  # a broken connection is reopened for the rest of the batch
                    connection.close()
                    connection.open()
                except Exception:
                    pass
            else:
                Notifikasi.objects.filter(pk=row.pk).update(
                    status_email=Notifikasi.StatusEmail.TERKIRIM, terkirim_pada=timezone.now(),
                    percobaan=row.percobaan + 1, coba_lagi_pada=None)
                sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            pass
    return sent, failed, retried


def _gagal(row, exc, now):
    row.percobaan += 1
    row.galat_terakhir = f"{type(exc).__name__}: {exc}"[:2000]
    if row.percobaan >= settings.OUTBOX_MAX_ATTEMPTS:
        row.status_email = Notifikasi.StatusEmail.GAGAL
        return True
    row.coba_lagi_pada = now + _backoff(row.percobaan)
    return False


def _body(row):
    """The e-mail text. A set-password link is made here, at send time, and never written to the row:
    whoever can read the outbox table cannot take over an account (see ``pembinaan.accounts``)."""
    tautan = tautan_atur_sandi(row.penerima, jenis=row.jenis) if row.jenis in TOKEN_PER_JENIS else row.tautan
    if tautan:
        link = tautan if tautan.startswith("http") else settings.SITE_URL.rstrip("/") + tautan
        return f"{row.isi}\n\n{link}\n\n— Pembinaan ASN"
    return f"{row.isi}\n\n— Pembinaan ASN"


def notifikasi_mark_read(*, actor, ids=None):
    """``actor`` has read their own notifications (those of ``ids``, or all)."""
    qs = Notifikasi.objects.filter(penerima=actor, dibaca_pada__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(dibaca_pada=timezone.now())


def notifikasi_retry(*, actor, notifikasi):
    """HR sends a failed e-mail of their instansi again (after fixing the address or the mail server)."""
    if not access.notifikasi_gagal_scope(actor).filter(pk=notifikasi.pk).exists():
        raise PermissionDenied
    Notifikasi.objects.filter(pk=notifikasi.pk, status_email=Notifikasi.StatusEmail.GAGAL).update(
        status_email=Notifikasi.StatusEmail.MENUNGGU, percobaan=0, coba_lagi_pada=None)
