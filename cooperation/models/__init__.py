from .citations import CITABLE, QUOTE_MAX_LENGTH, Citation, citable_fields
from .common import DatePrecision, PublicationStatus, format_fuzzy_date
from .cooperation import Agreement, AgreementKind, AgreementStatus, Event, EventKind
from .search import SearchEntry, SearchTerm, SearchWord
from .slugs import SlugRedirect
from .sources import Source
from .taxonomy import Agency, AgencyKind, Country, Technology
from .versions import ContentVersion

__all__ = [
    "CITABLE",
    "QUOTE_MAX_LENGTH",
    "Agency",
    "AgencyKind",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "Citation",
    "ContentVersion",
    "Country",
    "DatePrecision",
    "Event",
    "EventKind",
    "PublicationStatus",
    "SearchEntry",
    "SearchTerm",
    "SearchWord",
    "SlugRedirect",
    "Source",
    "Technology",
    "citable_fields",
    "format_fuzzy_date",
]
