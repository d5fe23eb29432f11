"""Every read of pelatihan/, one module per entity; callers use ``from pelatihan import selectors`` and
``selectors.<name>`` (the names of every module are re-exported here)."""

from .evaluasi_pasca import (  # noqa: F401
    evaluasi_pasca_atasan,
    evaluasi_pasca_instansi,
    evaluasi_pasca_tanpa_atasan,
)
from .jp import (  # noqa: F401
    BULAN,
    aturan_jp,
    capaian_unit,
    jp_pegawai,
    laju_target,
    pegawai_tertinggal,
    ringkas_aturan,
    tahun_kontrak,
    target_sekarang,
)
from .kehadiran import (  # noqa: F401
    daftar_hadir,
    kehadiran_impor_periksa,
    kehadiran_tercatat_program,
    sesi_presensi_terbuka,
    tautan_presensi,
)
from .program import (  # noqa: F401
    BATAS_SARAN,
    PESERTA_AKTIF,
    daftar_hadir_program,
    evaluasi_pasca_jatuh_tempo,
    jp_bawaan,
    jp_bawaan_instansi,
    pegawai_nominasi_cari,
    pegawai_nominasi_unit,
    peserta_program,
    program_daftar,
    sesi_mendatang,
    umpan_balik_terbuka,
    unit_nominasi,
)
from .sertifikat import (  # noqa: F401
    penandatangan,
    sertifikat_data,
    sertifikat_pdf,
    sertifikat_program_zip,
    sertifikat_saya,
    sertifikat_verifikasi,
)
from .umpan_balik import (  # noqa: F401
    ASPEK,
    StatusUmpanBalik,
    hari_terbuka,
    umpan_balik_narasumber,
    umpan_balik_rekap_instansi,
    umpan_balik_rekap_narasumber,
    umpan_balik_rekap_program,
    umpan_balik_saya,
    umpan_balik_status,
)
