"""Feedback (Kirkpatrick level 1): one questionnaire per participant who attended, and its summaries.

Rules:
- only a participant with at least one session marked *hadir* may answer;
- the speakers rated are those of the sessions the participant attended (nobody rates a talk they missed);
- the answers can be changed until ``UMPAN_BALIK_HARI`` days (default 14) after the programme's last
  session, then they are closed, so the summary HR reads no longer moves; closing the programme does not
  close the questionnaire (HR often closes it the day of the last session, before people have answered);
- HR sees averages, counts and comments, never who wrote what.
"""


from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import access
from ..models import NilaiNarasumber, Peserta, UmpanBalik
from ..selectors.umpan_balik import hari_terbuka, umpan_balik_narasumber, umpan_balik_status  # noqa: F401


def _nilai(value, label):
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"Nilai {label} harus 1 sampai 5.") from None
    if not 1 <= value <= 5:
        raise ValidationError(f"Nilai {label} harus 1 sampai 5.")
    return value


@transaction.atomic
def umpan_balik_submit(*, actor, peserta, nilai_penyelenggaraan, nilai_materi, nilai_narasumber, komentar="",
                       today=None):
    """Save (or change) the participant's answers. ``nilai_narasumber``: {narasumber id: 1–5} for every
    speaker of ``umpan_balik_narasumber``. Only the participant themself may answer."""
    peserta = Peserta.objects.select_for_update().select_related("pegawai").get(pk=peserta.pk)
    if not access.can_answer_umpan_balik(actor, peserta):
        raise PermissionDenied
    status = umpan_balik_status(peserta=peserta, today=today)
    if not status.terbuka:
        raise ValidationError(status.alasan)
    narasumber = {n.pk: n for n in umpan_balik_narasumber(peserta=peserta)}
    nilai_narasumber = {int(k): v for k, v in (nilai_narasumber or {}).items()}
    if set(nilai_narasumber) != set(narasumber):
        raise ValidationError("Beri nilai untuk setiap narasumber sesi yang Anda ikuti.")
    ub, _ = UmpanBalik.objects.update_or_create(peserta=peserta, defaults={
        "nilai_penyelenggaraan": _nilai(nilai_penyelenggaraan, "penyelenggaraan"),
        "nilai_materi": _nilai(nilai_materi, "materi"), "komentar": (komentar or "").strip()})
    ub.nilai_narasumber.all().delete()
    NilaiNarasumber.objects.bulk_create([
        NilaiNarasumber(umpan_balik=ub, narasumber_id=pk, nilai=_nilai(v, narasumber[pk].nama))
        for pk, v in sorted(nilai_narasumber.items())])
    return ub
