"""ISO 4217 currencies and their minor units.

Money is exact only when we know how many decimal places a currency has: JPY has none,
CNY and USD two, KWD three. The table lists the active ISO 4217 codes that denote money
(precious metals, SDRs and test codes have no minor unit and are left out), as published
by the ISO 4217 maintenance agency (list one).

>>> minor_unit("JPY"), minor_unit("CNY"), minor_unit("KWD")
(0, 2, 3)
>>> is_currency("XAU")
False
"""

from arrears.domain.errors import DomainError


def _codes(text: str) -> list[str]:
    return text.split()


MINOR_UNITS: dict[str, int] = {
    # 0 decimal places
    **dict.fromkeys(
        _codes(
            """
BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF
"""
        ),
        0,
    ),
    # 2 decimal places
    **dict.fromkeys(
        _codes(
            """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK
LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO
NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS
SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST
XCD XCG YER ZAR ZMW ZWG
"""
        ),
        2,
    ),
    # 3 decimal places
    **dict.fromkeys(
        _codes(
            """
BHD IQD JOD KWD LYD OMR TND
"""
        ),
        3,
    ),
    # 4 decimal places
    **dict.fromkeys(
        _codes(
            """
CLF UYW
"""
        ),
        4,
    ),
}


def is_currency(code: str) -> bool:
    """True when ``code`` is an ISO 4217 currency this table knows."""
    return code in MINOR_UNITS


def minor_unit(code: str) -> int:
    """Number of decimal places of ``code``; raises ``currency.unknown`` otherwise."""
    try:
        return MINOR_UNITS[code]
    except KeyError:
        raise DomainError("currency.unknown", f"unknown currency {code!r} (not ISO 4217)") from None
