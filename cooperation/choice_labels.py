"""The models' choice labels (countries, kinds, statuses) in the translation catalogue.

The models keep plain English labels (the models are changed on their own schedule);
marking each label here puts it in locale/*/django.po, and the templates and facets
translate the label they show at run time (`{% translate entity.get_kind_display %}`,
`gettext(label)`). tests/readers/test_languages.py fails when a model gains a label
this list lacks. Once the models wrap their labels in gettext_lazy, this module can go.
"""

from django.utils.translation import gettext_noop as _

LABELS = (
    # Country
    _("United States"),
    _("Japan"),
    _("Australia"),
    _("Canada"),
    _("China"),
    _("Germany"),
    _("France"),
    _("United Kingdom"),
    _("India"),
    _("Italy"),
    _("North Korea"),
    _("South Korea"),
    _("Netherlands"),
    _("New Zealand"),
    _("Philippines"),
    _("Russia"),
    _("Singapore"),
    _("Taiwan"),
    _("Ukraine"),
    # AgencyKind
    _("Government department or ministry"),
    _("Government agency"),
    _("Military"),
    _("Legislature"),
    _("Company"),
    _("Research institute or think tank"),
    _("University"),
    _("International organisation"),
    _("Committee or dialogue"),
    _("Other"),
    # AgreementKind
    _("Memorandum of understanding"),
    _("Arrangement"),
    _("Agreement"),
    _("Joint statement"),
    _("Joint research or development programme"),
    _("Framework or initiative"),
    # AgreementStatus
    _("Proposed or expected"),
    _("Signed"),
    _("In force"),
    _("Expired"),
    _("Superseded"),
    # EventKind
    _("Summit"),
    _("Ministerial meeting"),
    _("Working meeting"),
    _("Signing"),
    _("Dialogue"),
    _("Test"),
    _("Funding decision"),
    _("Strategy or policy release"),
    _("Announcement"),
)
