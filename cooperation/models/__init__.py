from .citations import CITABLE, QUOTE_MAX_LENGTH, QUOTED, REFERENCED, Citation, citable_fields
from .common import DatePrecision, PublicationStatus, format_fuzzy_date
from .cooperation import Agreement, AgreementKind, AgreementStatus, Event, EventKind
from .references import Evidence, Language, Reference
from .search import SearchEntry, SearchTerm, SearchWord
from .slugs import SlugRedirect
from .sources import Source
from .taxonomy import Agency, AgencyKind, Country, Technology
from .versions import ContentVersion

__all__ = [
    "CITABLE",
    "QUOTED",
    "QUOTE_MAX_LENGTH",
    "REFERENCED",
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
    "Evidence",
    "Language",
    "PublicationStatus",
    "Reference",
    "SearchEntry",
    "SearchTerm",
    "SearchWord",
    "SlugRedirect",
    "Source",
    "Technology",
    "citable_fields",
    "format_fuzzy_date",
]
