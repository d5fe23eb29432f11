"""Where the apps built on the records app put their parts into its pages (docs/architecture.md §5 "Composition").

pembinaan/ is the records app at the bottom: it imports nothing from pelatihan/, evaluasi/ or mentoring/.
Each of those apps registers, in its ``AppConfig.ready()``, what it contributes to a page of pembinaan/:

- ``daftar_beranda(urutan, fungsi, template)``: a card on the employee's home. ``fungsi(pegawai=, user=,
  today=)`` returns the template's context (a dict) or None when the card has nothing to show;
- ``daftar_tindakan(urutan, fungsi)``: items of the home's "Perlu tindakan" list. ``fungsi(pegawai=, user=,
  today=)`` returns a list of ``Tindakan`` (empty when there is nothing to do);
- ``daftar_panel_dasbor(urutan, fungsi, template)``: a panel of the HR dashboard. ``fungsi(instansi=, tahun=,
  today=)`` returns the template's context; it must be picklable (the dashboard caches it);
- ``daftar_kartu_pegawai(urutan, fungsi, template)``: a card of the employee page. ``fungsi(pegawai=, user=)``
  returns the context or None;
- ``daftar_tombol_pegawai(urutan, fungsi)``: buttons in the employee page's header. ``fungsi(pegawai=, user=)``
  returns a list of ``Tindakan`` (the button's label and link);
- ``daftar_demo(urutan, fungsi)``: demo data built after the records app's own (``seed_demo``). ``fungsi()``
  creates what is missing and returns a line for the operator, or "" when there was nothing to create.
- ``daftar_menu(urutan, fungsi)``: a dropdown of the navigation bar (pembinaan.menu). ``fungsi(user=, path=)``
  returns a ``pembinaan.menu.Item`` (built with ``menu.grup``/``menu.bila``) or None; the app's access module
  decides which entries apply;
- ``daftar_instansi_baru(urutan, fungsi)``: start-up data of a new instansi (pelatihan: the suggested JP per
  bentuk). ``fungsi(instansi=)`` runs inside the transaction of ``pembinaan.services.instansi.instansi_create``.

Parts are shown by ``urutan`` (smaller first). Each part must issue a fixed number of queries whatever the
data size, so the page does too. Registering the same function twice (``ready()`` may run twice in tests)
keeps one entry.
"""

from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Bagian:
    urutan: int
    fungsi: object
    template: str = ""


@dataclass(frozen=True)
class Tindakan:
    """One thing to do: a sentence, the page where it is done, and how many (None: no count shown)."""

    judul: str
    url: str
    jumlah: int | None = None
    keterangan: str = ""
    urutan: int = field(default=0, compare=False)


_BERANDA: list[Bagian] = []
_TINDAKAN: list[Bagian] = []
_PANEL_DASBOR: list[Bagian] = []
_KARTU_PEGAWAI: list[Bagian] = []
_TOMBOL_PEGAWAI: list[Bagian] = []
_DEMO: list[Bagian] = []
_INSTANSI_BARU: list[Bagian] = []
_MENU: list[Bagian] = []


def _daftar(daftar, bagian):
    nama = (bagian.fungsi.__module__, bagian.fungsi.__qualname__)
    daftar[:] = [b for b in daftar if (b.fungsi.__module__, b.fungsi.__qualname__) != nama]
    daftar.append(bagian)
    daftar.sort(key=lambda b: b.urutan)


def daftar_beranda(urutan, fungsi, template):
    _daftar(_BERANDA, Bagian(urutan, fungsi, template))


def daftar_tindakan(urutan, fungsi):
    _daftar(_TINDAKAN, Bagian(urutan, fungsi))


def daftar_panel_dasbor(urutan, fungsi, template):
    _daftar(_PANEL_DASBOR, Bagian(urutan, fungsi, template))


def daftar_kartu_pegawai(urutan, fungsi, template):
    _daftar(_KARTU_PEGAWAI, Bagian(urutan, fungsi, template))


def daftar_tombol_pegawai(urutan, fungsi):
    _daftar(_TOMBOL_PEGAWAI, Bagian(urutan, fungsi))


def daftar_demo(urutan, fungsi):
    _daftar(_DEMO, Bagian(urutan, fungsi))


def baris_demo(apa, jumlah, rincian=""):
    """The operator's line for the demo data an app made (``daftar_demo``): "Program pelatihan demo dibuat: 1.234."
    with the Indonesian thousands separator, or "" when nothing was made."""
    if not jumlah:
        return ""
    return f"{apa}: {intcomma(jumlah)}" + (f" ({rincian})" if rincian else "") + "."


def daftar_menu(urutan, fungsi):
    _daftar(_MENU, Bagian(urutan, fungsi))


def menu_aplikasi(*, user, path):
    """The apps' dropdowns for ``user`` in their order (those with no entry for the user left out)."""
    return [item for item in (b.fungsi(user=user, path=path) for b in _MENU) if item is not None]


def daftar_instansi_baru(urutan, fungsi):
    _daftar(_INSTANSI_BARU, Bagian(urutan, fungsi))


def instansi_baru(instansi):
    """Let every app set up what a new ``instansi`` starts with (called by the instansi-creation service)."""
    for b in _INSTANSI_BARU:
        b.fungsi(instansi=instansi)


_INDIKATOR_TRANSPARANSI: list[Bagian] = []


def daftar_indikator_transparansi(urutan, fungsi):
    """Indicators of the public transparency page (issue 12): ``fungsi(konteks)`` takes a
    ``pembinaan.transparansi_indikator.Konteks`` and returns a list of ``Indikator`` (raw aggregates per OPD;
    the snapshot builder applies the disclosure rules). A fixed number of set-based queries per function."""
    _daftar(_INDIKATOR_TRANSPARANSI, Bagian(urutan, fungsi))


def indikator_transparansi(konteks):
    """Every app's indicators, in the apps' order: [(urutan, Indikator)]."""
    return [(b.urutan, i) for b in _INDIKATOR_TRANSPARANSI for i in b.fungsi(konteks)]


_SUMBER_KEBUTUHAN: list[Bagian] = []


def daftar_sumber_kebutuhan(urutan, fungsi):
    """A source of training needs for the yearly plan (issue 11), from an app above pelatihan (evaluasi: the
    performance gap and the evaluator's recommended competencies). ``fungsi(instansi_id=, tahun=, pegawai_ids=)``
    returns plain dicts: ``pegawai_id``, ``sumber`` (a ``pelatihan.Kebutuhan.Sumber`` value), ``kompetensi_id``
    (or None), ``rujukan_jenis``, ``rujukan_id``, ``keterangan``, ``prioritas`` (1 tinggi … 3 rendah); ``tahun`` is
    the year whose data count (N, the year before the plan year). A fixed number of set-based queries per call."""
    _daftar(_SUMBER_KEBUTUHAN, Bagian(urutan, fungsi))


def sumber_kebutuhan(**kwargs):
    """Every registered source's needs for these employees, in the apps' order."""
    return [baris for b in _SUMBER_KEBUTUHAN for baris in b.fungsi(**kwargs)]


_TAUTAN_RUJUKAN: dict = {}


def daftar_tautan_rujukan(jenis, fungsi):
    """How the employee opens a need's source record of kind ``jenis``: ``fungsi(rujukan_id)`` returns a URL
    (built with reverse) or ""."""
    _TAUTAN_RUJUKAN[jenis] = fungsi


def tautan_rujukan(jenis, rujukan_id):
    fungsi = _TAUTAN_RUJUKAN.get(jenis)
    return fungsi(rujukan_id) if fungsi else ""


# ---------------------------------------------------------------------------- what the pages call

def _konteks(daftar, **kwargs):
    """[(template, context)] of the registered parts that have something to show."""
    hasil = []
    for b in daftar:
        konteks = b.fungsi(**kwargs)
        if konteks is not None:
            hasil.append((b.template, konteks))
    return hasil


def kartu_beranda(*, pegawai, user, today):
    return _konteks(_BERANDA, pegawai=pegawai, user=user, today=today)


def tindakan_beranda(*, pegawai, user, today):
    """Every app's to-dos for this employee, in the apps' order."""
    return [t for b in _TINDAKAN for t in b.fungsi(pegawai=pegawai, user=user, today=today)]


def panel_dasbor(*, instansi, tahun, today):
    return _konteks(_PANEL_DASBOR, instansi=instansi, tahun=tahun, today=today)


def kartu_pegawai(*, pegawai, user):
    return _konteks(_KARTU_PEGAWAI, pegawai=pegawai, user=user)


def tombol_pegawai(*, pegawai, user):
    return [t for b in _TOMBOL_PEGAWAI for t in b.fungsi(pegawai=pegawai, user=user)]


def isi_demo():
    """Run every app's demo builder, in order; the lines they report (only those that created something)."""
    return [pesan for pesan in (b.fungsi() for b in _DEMO) if pesan]


def render(bagian, request=None):
    """The HTML of each (template, context) pair, for a page to place where it wants. Without ``request`` the
    parts render from their own context only (no context processors: no extra query per part), so a part
    template must not rely on ``peran``, ``csrf_token`` or the like."""
    return [mark_safe(render_to_string(template, konteks, request=request))  # noqa: S308 (our own templates)
            for template, konteks in bagian]
