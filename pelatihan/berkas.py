"""Checks on uploaded certificates: PDF, JPG or PNG only, recognised by their content, at most 5 MB.

The file name and the content type the browser sends are both chosen by the uploader, so neither is
trusted: the first bytes decide. A renamed .exe, a text file or a zip called "sertifikat.pdf" do not
start with a PDF, JPEG or PNG signature and are refused. Stored files get a random name with the
extension of the detected type, and are served with that type only (see ``jenis_berkas``).
"""

from django.core.exceptions import ValidationError

MAKS_BYTE = 5 * 1024 * 1024

# (signature at offset 0, MIME type, extension of the stored file)
TANDA = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
EKSTENSI = {mime: ext for _, mime, ext in TANDA}
_PANJANG_TANDA = max(len(t) for t, _, _ in TANDA)

PESAN_JENIS = ("Berkas harus PDF, JPG atau PNG. Isi berkas ini bukan salah satunya (jenis berkas diperiksa dari "
               "isinya, bukan dari namanya).")


def ukuran_tampil(n: int) -> str:
    """5242881 -> "5,00 MB (5.242.881 byte)": the rounded size alone could hide why 5 MB is refused."""
    byte = f"{n:,}".replace(",", ".")
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.2f} MB ({byte} byte)".replace(".", ",", 1)
    if n >= 1024:
        return f"{n / 1024:.0f} KB ({byte} byte)"
    return f"{byte} byte"


def jenis_berkas(fileobj) -> str | None:
    """The MIME type recognised from the first bytes of ``fileobj`` (None when it is none of ours).

    The read position is put back where it was.
    """
    posisi = fileobj.tell()
    try:
        fileobj.seek(0)
        awal = fileobj.read(_PANJANG_TANDA)
    finally:
        fileobj.seek(posisi)
    for tanda, mime, _ in TANDA:
        if awal.startswith(tanda):
            return mime
    return None


def periksa_berkas(uploaded_file) -> str:
    """Check an uploaded certificate; return its MIME type or raise ``ValidationError`` (in Indonesian)."""
    ukuran = uploaded_file.size
    if ukuran is None:  # a file object without a known size: measure it
        posisi = uploaded_file.tell()
        uploaded_file.seek(0, 2)
        ukuran = uploaded_file.tell()
        uploaded_file.seek(posisi)
    if not ukuran:
        raise ValidationError("Berkas kosong (0 byte). Pilih berkas sertifikat yang benar.", code="kosong")
    if ukuran > MAKS_BYTE:
        raise ValidationError(
            "Berkas terlalu besar: %(ukuran)s. Ukuran maksimum 5 MB (%(maks)s byte); perkecil atau pindai ulang "
            "dengan resolusi lebih rendah.", code="terlalu_besar",
            params={"ukuran": ukuran_tampil(ukuran), "maks": f"{MAKS_BYTE:,}".replace(",", ".")})
    mime = jenis_berkas(uploaded_file)
    if mime is None:
        raise ValidationError(PESAN_JENIS, code="jenis")
    return mime
