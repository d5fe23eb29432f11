"""The outbox: queueing and sending every e-mail and in-app notification."""

import logging
import queue
import re
import threading
from datetime import timedelta
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models import F
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
    never send the same row. The claimed rows are then split over up to ``OUTBOX_PARALLEL`` SMTP
    connections (one per ``OUTBOX_PER_CONNECTION`` rows at least, each opened once and reused, each sending
    from its own thread: the time goes in waiting for the mail server's replies, so the connections overlap).
    Each row belongs to exactly one connection. This thread marks as sent every message a server accepted
    as soon as it hears of it (those accepted meanwhile are marked together in one statement), so a worker
    killed in the middle of a batch leaves only the messages in flight to be sent again (once the lease runs
    out). A row whose send fails is retried later with back-off, and marked failed after
    ``OUTBOX_MAX_ATTEMPTS`` tries, where HR sees it.
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
    # Bodies (and set-password links) are made here, in this thread; the sender threads only talk SMTP.
    jobs = [(row, _body(row)) for row in rows]
    if connection is not None:
        n_conn = 1
    else:
        per_conn = max(1, getattr(settings, "OUTBOX_PER_CONNECTION", 50))
        n_conn = max(1, min(getattr(settings, "OUTBOX_PARALLEL", 4), len(jobs) // per_conn))
    hasil = queue.Queue()
    threads = [threading.Thread(target=_kirim_potongan, args=(jobs[i::n_conn], connection, hasil), daemon=True)
               for i in range(n_conn)]
    for t in threads:
        t.start()
    selesai = 0
    while selesai < n_conn:
        items = [hasil.get()]
        while True:
            try:
                items.append(hasil.get_nowait())
            except queue.Empty:
                break
        selesai += items.count(None)
        s, f, r = _catat([item for item in items if item is not None], now)
        sent, failed, retried = sent + s, failed + f, retried + r
    for t in threads:
        t.join()
    return sent, failed, retried


def _catat(items, now):
    """Write down the outcomes heard so far: accepted rows in one UPDATE, failures with their back-off."""
    failed = retried = 0
    diterima = [row.pk for row, exc in items if exc is None]
    gagal_rows = [row for row, exc in items if exc is not None]
    for row, exc in items:
        if exc is not None:
            failed_now = _gagal(row, exc, now)
            failed += failed_now
            retried += not failed_now
    if diterima:
        Notifikasi.objects.filter(pk__in=diterima).update(
            status_email=Notifikasi.StatusEmail.TERKIRIM, terkirim_pada=timezone.now(),
            percobaan=F("percobaan") + 1, coba_lagi_pada=None)
    if gagal_rows:
        Notifikasi.objects.bulk_update(gagal_rows, ["status_email", "percobaan", "coba_lagi_pada", "galat_terakhir"])
    return len(diterima), failed, retried


_ALAMAT_POLOS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


class _PencetakSmtp:
    """The bytes of a message, for an SMTP connection: Django renders the headers and body shared by every
    message of one (subject, body) once; each message adds only its own To, Date, Message-ID and outbox id.
    An address that is not plain ASCII goes the ordinary way (``kirim`` answers False)."""

    def __init__(self):
        self.cetakan = {}
        self.dari = sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)

    def kirim(self, connection, row, body):
        tujuan = row.email_tujuan
        if not _ALAMAT_POLOS.fullmatch(tujuan):
            return False
        cetakan = self.cetakan.get((row.judul, body))
        if cetakan is None:
            pesan = mail.EmailMessage(subject=row.judul, body=body, to=["x@example.invalid"]).message()
            for kepala in ("To", "Date", "Message-ID"):
                del pesan[kepala]
            cetakan = self.cetakan[(row.judul, body)] = pesan.as_bytes(linesep="\r\n")
        kepala = (f"To: {tujuan}\r\nDate: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}\r\n"
                  f"Message-ID: {make_msgid(domain=DNS_NAME)}\r\nX-Pembinaan-Notifikasi: {row.pk}\r\n")
        connection.open()
        connection.connection.sendmail(self.dari, [tujuan], kepala.encode() + cetakan)
        return True


def _kirim_potongan(jobs, connection, hasil):
    """One sender thread: its own SMTP connection, opened once for its share of the batch. Each outcome
    ``(row, None)`` (accepted) or ``(row, exception)`` is put on ``hasil``; ``None`` last. No database here."""
    try:
        connection = connection or mail.get_connection(fail_silently=False)
        try:
            connection.open()
        except Exception as exc:  # the mail server is down: every row waits for the next try
            log.warning("Server e-mail tidak dapat dihubungi: %s", exc)
            for row, _ in jobs:
                hasil.put((row, exc))
            return
        try:
            cepat = _PencetakSmtp() if isinstance(connection, SmtpBackend) else None
            for row, body in jobs:
                try:
                    if cepat is None or not cepat.kirim(connection, row, body):
                        mail.EmailMessage(
                            subject=row.judul, body=body, to=[row.email_tujuan], connection=connection,
                            headers={"X-Pembinaan-Notifikasi": str(row.pk)},
                        ).send()
                except Exception as exc:
                    hasil.put((row, exc))
                    try:  # a broken connection is reopened for the rest of the batch
                        connection.close()
                        connection.open()
                    except Exception:
                        pass
                else:
                    hasil.put((row, None))
        finally:
            try:
                connection.close()
            except Exception:
                pass
    except Exception:  # rows not reported stay leased and are sent again once the lease runs out
        log.exception("Pengirim e-mail berhenti di tengah batch")
    finally:
        hasil.put(None)


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
