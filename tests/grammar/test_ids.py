import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.grammar.ids import find_acuerdos, normalise


@pytest.mark.parametrize(
    ("text", "value", "issuer", "number", "year"),
    [
        ("Consejo General.- INE/CG393/2018.", "INE/CG393/2018", "ine", 393, 2018),
        ("INE/CG03/2017", "INE/CG03/2017", "ine", 3, 2017),
        ("aprobó mediante Acuerdo INE/JGE34/2020", "INE/JGE34/2020", "ine", 34, 2020),
        ("INE/CCOE016/2021 Acuerdo", "INE/CCOE016/2021", "ine", 16, 2021),
        ("mediante Acuerdo ine/cg661/2016.", "INE/CG661/2016", "ine", 661, 2016),
        ("mediante Acuerdo CG104/2004, acordó", "CG104/2004", "ife", 104, 2004),
        ("en cumplimiento del acuerdo IEPC/CG18/2024", "IEPC/CG18/2024", "iepc durango", 18, 2024),
        ("CONSEJO GENERAL ACUERDO Nº. IEEM/CG/124/2021", "IEEM/CG/124/2021", "ieem", 124, 2021),
        ("03 DIC 18 IECM-ACU-CG-332-18 E Acuerdo", "IECM-ACU-CG-332-18", "iecm", 332, 2018),
        ("IECM/ ACU-CG-060/2020 Acuerdo del Consejo", "IECM/ACU-CG-060/2020", "iecm", 60, 2020),
        ("ACUERDO OPLEV/CG133/2020 DEL CONSEJO", "OPLEV/CG133/2020", "oplev", 133, 2020),
        ("ACUERDO No. IETAM-A/CG-33/2021 del Consejo", "IETAM-A/CG-33/2021", "ietam", 33, 2021),
        ("ACUERDO IETAM/CG-118/2016", "IETAM/CG-118/2016", "ietam", 118, 2016),
        ("identificado como IEPC-ACG-084/12, emitido", "IEPC-ACG-084/12", "iepc jalisco", 84, 2012),
        ("ACUERDO CGIEEG/025/2020 228.76 KB", "CGIEEG/025/2020", "ieeg", 25, 2020),
        ("al Acuerdo IEEH/CG/007/2018 por el que", "IEEH/CG/007/2018", "ieeh", 7, 2018),
        ("mediante Acuerdo IEEPCNL/CG/23/2023 en fecha", "IEEPCNL/CG/23/2023", "ieepcnl", 23, 2023),
        ("acuerdo CEE/CG/84/2020", "CEE/CG/84/2020", "ieepcnl", 84, 2020),
        ("mediante acuerdo número IEC/CG/027/2016.", "IEC/CG/027/2016", "iec coahuila", 27, 2016),
        ("ACUERDO NÚMERO IEEPC/CG/61/15 POR MEDIO", "IEEPC/CG/61/15", "ieepc sonora", 61, 2015),
        ("ACUERDO No. CG-35/2017", "CG-35/2017", "iem michoacan", 35, 2017),
        ("28/06/2024 [IEEQ/CG/A/042/24] Acuerdo", "IEEQ/CG/A/042/24", "ieeq", 42, 2024),
        ("mediante Acuerdo ACG-IEEZ-009/IV/2013, el", "ACG-IEEZ-009/IV/2013", "ieez", 9, 2013),
        ("identificado como CG-A-44/16.", "CG-A-44/16", "iee aguascalientes", 44, 2016),
        ("ACUERDO IMPEPAC/CEE/025/2015, DEL CONSEJO", "IMPEPAC/CEE/025/2015", "impepac", 25, 2015),
        ("mediante acuerdo IEPC/CG-A/049/2023.", "IEPC/CG-A/049/2023", "iepc chiapas", 49, 2023),
        ("En el acuerdo IEEPCO-CG-39/2021, se detalla", "IEEPCO-CG-39/2021", "ieepco", 39, 2021),
        ("ACUERDO 036/SO/31-08-2020, POR EL QUE", "036/SO/31-08-2020", "iepc guerrero", 36, 2020),
        ("mediante acuerdo ITE-CG297/2016 de fecha", "ITE-CG297/2016", "ite tlaxcala", 297, 2016),
        ("Roo, IEQROO/CG/A-151-2021", "IEQROO/CG/A-151-2021", "ieqroo", 151, 2021),
        ("-IEQROO/CG/A-173/2021-", "IEQROO/CG/A-173/2021", "ieqroo", 173, 2021),
        ("aprobó el acuerdo IEES/CG028/25", "IEES/CG028/25", "iees sinaloa", 28, 2025),
        ("Consejo Local Electoral IEEN-CLE-026/2017", "IEEN-CLE-026/2017", "ieen", 26, 2017),
        ("ACUERDO No. IEE/CG/A066/2017 DE FECHA", "IEE/CG/A066/2017", "iee colima", 66, 2017),
        ("emitidos en el acuerdo 22/05/2020 de la sesión", "22/05/2020", "ceepac", 22, 2020),
        ("la clave IEPC/CPPyAP24/2023", "IEPC/CPPYAP24/2023", "iepc durango", 24, 2023),
    ],
)
def test_find_acuerdos_reads_every_institute_format(text, value, issuer, number, year):
    (match,) = find_acuerdos(text)
    assert (match.value, match.issuer, match.number, match.year) == (value, issuer, number, year)


def test_find_acuerdos_reads_lists():
    assert [m.value for m in find_acuerdos("los Acuerdos INE/CG302/2017 e INE/CG303/2017.")] == [
        "INE/CG302/2017",
        "INE/CG303/2017",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "SUP-RAP-460/2016",
        "SUP-JDC-1569/2025",
        "SX-JDC-954/2021",
        "UT/SCG/PRCE/PSM/JL/MOR/9/2019",
        "TEEH-JDC-013/2023",
        "TESLP/RR/11/2021",
        "RAP/021/2021",
        "PES/038/2021",
        "TEEC/RAP/3/2025",
        "RI-95/2021",
        "SE-PSO-006/2025",
        "el oficio ITE-PG-940/2016",
        "IEPC-MPC-RF-02-2026",
        "Acuerdo Legislativo 599-LXIV26",
        "Boletín 22-21",
        "CS 52/2017",
        "oficio INE/UNICOM/1234/2021",
        "INE/SE/ASP-01/2015",
        "la fecha 22/05/2020 sin más",
    ],
)
def test_find_acuerdos_rejects_look_alikes(text):
    assert find_acuerdos(text) == []


@given(st.text(alphabet="IEPC/cg-– 0123456789", max_size=30))
def test_normalise_is_idempotent_and_space_free(text):
    value = normalise(text)
    assert normalise(value) == value and " " not in value and "–" not in value
