"""Tests for pembinaan.nip (docs/domain.md §1 and §11.4).

Expected values are always built independently of the code under test: valid numbers are assembled with
f-strings from their parts, and the parts are compared with what the parser returns.
"""

import calendar
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pembinaan.nip import NipError, NipInfo, normalise, parse_ni_pppk, parse_nip_pns, validate

TODAY = date(2025, 6, 30)

# The project's autouse `_media_root` fixture is function-scoped but irrelevant to these pure functions.
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

KELAMIN = st.sampled_from([("1", "L"), ("2", "P")])
JENIS_PNS = st.sampled_from(["PNS", "CPNS"])
JENIS_PPPK = st.sampled_from(["PPPK", "PPPK_PW"])
DUA_DIGIT = st.integers(0, 99).map(lambda n: f"{n:02d}")


class Kasus(NamedTuple):
    nip: str
    jenis_asn: str  # "PNS"/"CPNS"/"PPPK"/"PPPK_PW"
    lahir: date
    tahun: int  # TMT year (PNS) or digits 9-12 (PPPK)
    bulan: int | None  # TMT month (PNS); None for PPPK
    tengah: str  # PNS: TMT month digits; PPPK: digits 13-14
    kode: str  # digit 15
    jk: str  # "L"/"P"
    urutan: int

    @property
    def pns(self) -> bool:
        return self.bulan is not None


def ymd(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


@st.composite
def kasus_pns(draw, bulan=None) -> Kasus:
    lahir = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2007, 6, 30)))
    # TMT month between 18 years after birth and TODAY's month, inclusive (zero-based month index).
    awal = (lahir.year + 18) * 12 + (lahir.month - 1)
    akhir = TODAY.year * 12 + (TODAY.month - 1)
    tahun, b = divmod(draw(st.integers(awal, akhir)), 12)
    b += 1
    kode, jk = draw(KELAMIN)
    urutan = draw(st.integers(1, 999))
    tengah = f"{b:02d}" if bulan is None else f"{bulan:02d}"
    nip = f"{ymd(lahir)}{tahun:04d}{tengah}{kode}{urutan:03d}"
    return Kasus(nip, draw(JENIS_PNS), lahir, tahun, b, tengah, kode, jk, urutan)


@st.composite
def kasus_pppk(draw, tengah=DUA_DIGIT) -> Kasus:
    tahun = draw(st.integers(2019, TODAY.year))
    lahir = draw(st.dates(min_value=date(1960, 1, 1), max_value=date(tahun - 18, 12, 31)))
    t = draw(tengah)
    kode, jk = draw(KELAMIN)
    urutan = draw(st.integers(1, 999))
    nip = f"{ymd(lahir)}{tahun:04d}{t}{kode}{urutan:03d}"
    return Kasus(nip, draw(JENIS_PPPK), lahir, tahun, None, t, kode, jk, urutan)


KASUS = st.one_of(kasus_pns(), kasus_pppk())


def cek(k: Kasus, nip=None, **kwargs) -> tuple[str, list[str]]:
    return validate(k.nip if nip is None else nip, jenis_asn=k.jenis_asn, today=TODAY, **kwargs)


def parse(k: Kasus, nip: str):
    return (parse_nip_pns if k.pns else parse_ni_pppk)(nip, today=TODAY)


def ganti(nip: str, posisi: int, teks: str) -> str:
    """Replace the characters starting at 1-based `posisi`."""
    return nip[: posisi - 1] + teks + nip[posisi - 1 + len(teks) :]


# ---------------------------------------------------------------------------------------------------------------
# Property-based tests
# ---------------------------------------------------------------------------------------------------------------


@PROPS
@given(kasus_pns())
def test_pns_valid_parses_back_to_its_parts(k):
    info = parse_nip_pns(k.nip, today=TODAY)
    assert info == NipInfo(
        nip=k.nip,
        jenis="PNS",
        tanggal_lahir=k.lahir,
        tmt=date(k.tahun, k.bulan, 1),
        tahun_pengangkatan=k.tahun,
        jenis_kelamin=k.jk,
        urutan=k.urutan,
    )
    # Cross-checks with the matching facts pass; the TMT day is irrelevant, only year+month count.
    tmt = date(k.tahun, k.bulan, 28)
    assert cek(k, tanggal_lahir=k.lahir, jenis_kelamin=k.jk, tmt=tmt) == (k.nip, [])


@PROPS
@given(kasus_pppk())
def test_pppk_valid_parses_back_to_its_parts(k):
    info = parse_ni_pppk(k.nip, today=TODAY)
    assert info == NipInfo(
        nip=k.nip,
        jenis="PPPK",
        tanggal_lahir=k.lahir,
        tmt=None,
        tahun_pengangkatan=k.tahun,
        jenis_kelamin=k.jk,
        urutan=k.urutan,
    )
    # Only the TMT year is compared for PPPK.
    assert cek(k, tanggal_lahir=k.lahir, jenis_kelamin=k.jk, tmt=date(k.tahun, 12, 31)) == (k.nip, [])


@PROPS
@given(
    KASUS, st.lists(st.sampled_from(["", "", " ", "  ", ".", "-", "\u00a0", "\t", "\u2013"]), min_size=19, max_size=19)
)
def test_separators_are_stripped(k, pemisah):
    # pemisah[0] goes before the first digit, pemisah[18] after the last.
    ditulis = "".join(p + c for p, c in zip(pemisah[:18], k.nip, strict=True)) + pemisah[18]
    assert normalise(ditulis) == k.nip
    assert cek(k, ditulis) == (k.nip, [])
    assert parse(k, ditulis).nip == k.nip


@PROPS
@given(KASUS, st.sampled_from("03456789"))
def test_gender_digit_other_than_1_or_2_is_rejected(k, digit):
    nip = ganti(k.nip, 15, digit)
    _, pesan = cek(k, nip)
    assert len(pesan) == 1
    assert "jenis kelamin" in pesan[0] and f"({digit})" in pesan[0]
    with pytest.raises(NipError):
        parse(k, nip)


@PROPS
@given(st.data(), st.sampled_from([0, *range(13, 100)]))
def test_pns_tmt_month_outside_01_12_is_rejected(data, bulan):
    k = data.draw(kasus_pns(bulan=bulan))
    _, pesan = cek(k)
    assert len(pesan) == 1
    assert "bulan" in pesan[0] and f"{k.tahun:04d}{bulan:02d}" in pesan[0]
    with pytest.raises(NipError):
        parse_nip_pns(k.nip, today=TODAY)


@PROPS
@given(kasus_pppk(tengah=st.sampled_from(["00", *map(str, range(13, 100))])))
def test_pppk_digits_13_14_are_never_checked_as_a_month(k):
    assert cek(k) == (k.nip, [])
    assert parse_ni_pppk(k.nip, today=TODAY).tahun_pengangkatan == k.tahun
    # The same digits read as a NIP PNS do contain an impossible month.
    _, pesan = validate(k.nip, jenis_asn="PNS", today=TODAY)
    assert any("bulan" in p for p in pesan)


@PROPS
@given(st.text(alphabet="0123456789", max_size=40).filter(lambda s: len(s) != 18), st.sampled_from(["PNS", "PPPK"]))
def test_wrong_length_gives_exactly_one_message(angka, jenis):
    nip, pesan = validate(angka, jenis_asn=jenis, today=TODAY)
    assert nip == angka
    assert len(pesan) == 1
    if angka:
        assert f"ditemukan {len(angka)} digit" in pesan[0]
    else:
        assert "belum diisi" in pesan[0]
    with pytest.raises(NipError):
        (parse_nip_pns if jenis == "PNS" else parse_ni_pppk)(angka, today=TODAY)


@PROPS
@given(KASUS, st.sampled_from(["hapus", "tambah"]))
def test_valid_number_one_digit_short_or_long_is_rejected(k, cara):
    nip = k.nip[:-1] if cara == "hapus" else k.nip + "1"
    _, pesan = cek(k, nip)
    assert len(pesan) == 1 and f"ditemukan {len(nip)} digit" in pesan[0]


@PROPS
@given(KASUS, st.integers(0, 17), st.sampled_from(list("ABOoIl/,+eE#")))
def test_non_digit_characters_give_one_message(k, posisi, huruf):
    nip = k.nip[:posisi] + huruf + k.nip[posisi + 1 :]
    _, pesan = cek(k, nip)
    assert len(pesan) == 1
    assert "hanya boleh berisi angka" in pesan[0] or "Excel" in pesan[0]


@PROPS
@given(KASUS, st.dates(min_value=date(1950, 1, 1), max_value=date(2007, 12, 31)))
def test_birth_date_cross_check(k, lain):
    _, pesan = cek(k, tanggal_lahir=lain)
    if lain == k.lahir:
        assert pesan == []
    else:
        assert len(pesan) == 1
        assert "tanggal lahir" in pesan[0] and ymd(k.lahir) in pesan[0]


@PROPS
@given(KASUS)
def test_sex_cross_check(k):
    lawan = "P" if k.jk == "L" else "L"
    _, pesan = cek(k, jenis_kelamin=lawan)
    assert len(pesan) == 1 and "jenis kelamin" in pesan[0]
    assert cek(k, jenis_kelamin=k.jk.lower())[1] == []


@PROPS
@given(kasus_pns(), st.dates(min_value=date(1960, 1, 1), max_value=date(2030, 12, 31)))
def test_pns_tmt_cross_check_on_year_and_month(k, tmt):
    _, pesan = cek(k, tmt=tmt)
    if (tmt.year, tmt.month) == (k.tahun, k.bulan):
        assert pesan == []
    else:
        assert len(pesan) == 1
        assert "TMT" in pesan[0] and f"{k.tahun:04d}{k.bulan:02d}" in pesan[0]


@PROPS
@given(kasus_pppk(), st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)))
def test_pppk_tmt_cross_check_on_year_only(k, tmt):
    _, pesan = cek(k, tmt=tmt)
    if tmt.year == k.tahun:
        assert pesan == []
    else:
        assert len(pesan) == 1
        assert str(k.tahun) in pesan[0] and str(tmt.year) in pesan[0]


@PROPS
@given(KASUS)
def test_sequence_000_is_rejected_with_excel_hint(k):
    nip = k.nip[:15] + "000"
    _, pesan = cek(k, nip)
    assert len(pesan) == 1
    assert "000" in pesan[0] and "Excel" in pesan[0]
    with pytest.raises(NipError):
        parse(k, nip)


@st.composite
def tanggal_mustahil(draw) -> str:
    tahun = draw(st.integers(1950, 1995))
    if draw(st.booleans()):
        bulan = draw(st.integers(1, 12))
        terakhir = calendar.monthrange(tahun, bulan)[1]
        hari = draw(st.sampled_from([0, *range(terakhir + 1, 100)]))
    else:
        bulan = draw(st.sampled_from([0, *range(13, 100)]))
        hari = draw(st.integers(1, 28))
    return f"{tahun:04d}{bulan:02d}{hari:02d}"


@PROPS
@given(tanggal_mustahil(), st.sampled_from(["PNS", "PPPK"]))
def test_impossible_birth_date_is_named(tgl, jenis):
    tengah = "201505" if jenis == "PNS" else "202421"
    nip = f"{tgl}{tengah}1001"
    _, pesan = validate(nip, jenis_asn=jenis, tanggal_lahir=date(1986, 9, 26), today=TODAY)
    label = "NIP" if jenis == "PNS" else "NI PPPK"
    # The cross-check is skipped: the invalid date is the only problem reported.
    assert pesan == [f"tanggal lahir dalam {label} ({tgl}) bukan tanggal yang valid"]


# ---------------------------------------------------------------------------------------------------------------
# Examples
# ---------------------------------------------------------------------------------------------------------------


def test_example_nip_pns():
    info = parse_nip_pns("19860926 201505 1 001", today=TODAY)
    assert info.nip == "198609262015051001"
    assert info.jenis == "PNS"
    assert info.tanggal_lahir == date(1986, 9, 26)
    assert info.tmt == date(2015, 5, 1)
    assert info.tahun_pengangkatan == 2015
    assert info.jenis_kelamin == "L"
    assert info.urutan == 1


def test_example_ni_pppk():
    info = parse_ni_pppk("19890225 2024 21 1 013", today=TODAY)
    assert info == NipInfo("198902252024211013", "PPPK", date(1989, 2, 25), None, 2024, "L", 13)


def test_example_pppk_paruh_waktu():
    nip, pesan = validate("19950310 2025 24 2 014", jenis_asn="PPPK_PW", jenis_kelamin="P", today=date(2025, 10, 1))
    assert (nip, pesan) == ("199503102025242014", [])
    assert parse_ni_pppk(nip, today=date(2025, 10, 1)).jenis_kelamin == "P"


def test_pppk_number_is_not_a_valid_nip_pns():
    _, pesan = validate("19890225 2024 21 1 013", jenis_asn="PNS", today=TODAY)
    assert pesan == ["bulan TMT CPNS dalam NIP (202421) tidak valid: bulan 21 harus 01-12"]


def test_impossible_birth_date_message():
    _, pesan = validate("19861331 201505 1 001", jenis_asn="PNS", today=TODAY)
    assert pesan == ["tanggal lahir dalam NIP (19861331) bukan tanggal yang valid"]


def test_leap_days():
    assert validate("19870229 201505 1 001", jenis_asn="PNS", today=TODAY)[1] == [
        "tanggal lahir dalam NIP (19870229) bukan tanggal yang valid"
    ]
    assert validate("19880229 201505 2 001", jenis_asn="PNS", today=TODAY)[1] == []


def test_tmt_in_the_future():
    _, pesan = validate("19860926 202507 1 001", jenis_asn="PNS", today=date(2025, 6, 30))
    assert len(pesan) == 1 and "masa depan" in pesan[0] and "202507" in pesan[0]
    assert validate("19860926 202507 1 001", jenis_asn="PNS", today=date(2025, 7, 1))[1] == []


def test_tmt_less_than_17_years_after_birth():
    _, pesan = validate("20000101 201001 2 001", jenis_asn="CPNS", today=TODAY)
    assert len(pesan) == 1 and "17 tahun" in pesan[0]


@pytest.mark.parametrize(
    "lahir, tmt, ditolak",
    [
        ("19900520", "200705", True),  # TMT 1 May 2007: turns 17 only on 20 May, still 16 at the TMT
        ("19900501", "200705", False),  # turns 17 on the TMT itself
        ("19900430", "200705", False),
        ("19900520", "200706", False),
        ("19880229", "200502", True),  # a 29 February birthday: 17 on 1 March 2005
        ("19880229", "200503", False),
    ],
)
def test_tmt_17_years_counts_days_not_months(lahir, tmt, ditolak):
    _, pesan = validate(f"{lahir} {tmt} 1 001", jenis_asn="PNS", today=TODAY)
    if ditolak:
        assert len(pesan) == 1 and "17 tahun" in pesan[0] and "belum berusia 17" in pesan[0]
    else:
        assert pesan == []


def test_pppk_year_plausibility():
    _, pesan = validate("19890225 2026 21 1 013", jenis_asn="PPPK", today=TODAY)
    assert len(pesan) == 1 and "2026" in pesan[0] and "masa depan" in pesan[0]
    _, pesan = validate("19890225 2000 21 1 013", jenis_asn="PPPK", today=TODAY)
    assert len(pesan) == 1 and "2000" in pesan[0] and "17 tahun" in pesan[0]


def test_excel_number_pitfalls():
    # Sequence digits lost to 15-significant-digit rounding.
    _, pesan = validate("198609262015051000", jenis_asn="PNS", today=TODAY)
    assert len(pesan) == 1 and "Excel" in pesan[0]
    # A float cell or its scientific-notation text (English and Indonesian decimal separators).
    for nilai in (1.98609262015051e17, "1.98609E+17", "1,98609E+17"):
        _, pesan = validate(nilai, jenis_asn="PNS", today=TODAY)
        assert len(pesan) == 1 and "Excel" in pesan[0], nilai


def test_several_problems_are_all_reported():
    _, pesan = validate("19861331 201513 3 000", jenis_asn="PNS", today=TODAY)
    assert len(pesan) == 4
    assert any("19861331" in p for p in pesan)
    assert any("201513" in p for p in pesan)
    assert any("(3)" in p for p in pesan)
    assert any("000" in p for p in pesan)


def test_length_problem_hides_the_others():
    _, pesan = validate("19861331 201513 3 00", jenis_asn="PNS", today=TODAY)
    assert pesan == ["NIP harus 18 digit, ditemukan 17 digit (19861331201513300)"]


def test_empty_and_old_nip():
    assert validate(None, jenis_asn="PNS") == ("", ["NIP belum diisi"])
    assert validate("   ", jenis_asn="PPPK") == ("", ["NI PPPK belum diisi"])
    _, pesan = validate("130 123 456", jenis_asn="PNS")
    assert len(pesan) == 1 and "9 digit" in pesan[0] and "NIP lama" in pesan[0]


def test_normalise():
    assert normalise(None) == ""
    assert normalise("  19860926.201505-1\u00a0001 ") == "198609262015051001"
    assert normalise("19860926\u2013201505\u20141\u202f001") == "198609262015051001"
    assert normalise("'198609262015051001") == "198609262015051001"
    assert normalise("1986O926") == "1986O926"  # letters are kept for validate() to report


def test_cross_checks_accept_datetimes_and_report_unknown_sex_code():
    nip = "19860926 201505 1 001"
    assert validate(nip, jenis_asn="PNS", tanggal_lahir=datetime(1986, 9, 26, 0, 0), today=TODAY)[1] == []
    _, pesan = validate(nip, jenis_asn="PNS", jenis_kelamin="X", today=TODAY)
    assert len(pesan) == 1 and "(X)" in pesan[0]
    assert validate(nip, jenis_asn="PNS", jenis_kelamin="", today=TODAY)[1] == []


def test_cross_check_mismatch_messages_name_both_values():
    _, pesan = validate(
        "19860926 201505 1 001",
        jenis_asn="PNS",
        tanggal_lahir=date(1986, 9, 27),
        jenis_kelamin="P",
        tmt=date(2015, 6, 1),
        today=TODAY,
    )
    assert len(pesan) == 3
    assert "26 September 1986" in pesan[0] and "27 September 1986" in pesan[0]
    assert "laki-laki" in pesan[1] and "perempuan" in pesan[1]
    assert "Mei 2015" in pesan[2] and "Juni 2015" in pesan[2]


def test_nip_error():
    with pytest.raises(NipError) as exc:
        parse_nip_pns("19861331 201505 3 001", today=TODAY)
    assert isinstance(exc.value, ValueError)
    assert len(exc.value.messages) == 2
    assert str(exc.value) == "; ".join(exc.value.messages)
    assert "19861331" in str(exc.value)


def test_default_today_is_used():
    assert parse_nip_pns("19860926 201505 1 001").tmt == date(2015, 5, 1)


def test_unknown_jenis_asn_is_a_programming_error():
    with pytest.raises(ValueError) as exc:
        validate("198609262015051001", jenis_asn="HONORER")
    assert not isinstance(exc.value, NipError)


class _Jam(datetime):
    """31 January 2030, 18:00 UTC: already 1 February 2030 in Jakarta (UTC+7), still January in UTC."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2030, 1, 31, 18, 0, tzinfo=ZoneInfo("UTC")).astimezone(tz)


@pytest.mark.parametrize("jenis", ["PNS", "PPPK"])
def test_without_a_given_today_the_future_check_uses_the_date_in_jakarta(monkeypatch, jenis):
    """'Berada di masa depan' is judged on the Indonesian date, not the server's (or the UTC) calendar day."""
    import pembinaan.nip as nip_mod

    monkeypatch.setattr(nip_mod, "datetime", _Jam)
    if jenis == "PNS":  # TMT CPNS February 2030: the current month in Jakarta
        nomor = "199001012030021001"
        _, pesan = validate(nomor, jenis_asn="PNS")
        assert parse_nip_pns(nomor).tmt == date(2030, 2, 1)
    else:  # NI PPPK appointed in 2030: the current year in Jakarta
        nomor = "199001012030211001"
        _, pesan = validate(nomor, jenis_asn="PPPK")
        assert parse_ni_pppk(nomor).tahun_pengangkatan == 2030
    assert pesan == []
    # ...and the month (or year) after that is still refused as being in the future.
    lanjut = "199001012030031001" if jenis == "PNS" else "199001012031211001"
    _, pesan = validate(lanjut, jenis_asn=jenis)
    assert any("masa depan" in p for p in pesan), pesan
