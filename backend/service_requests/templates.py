"""Response templates for staff: public notes to start from, a few per status, in fi, sv and en.

Data, not logic: edit the texts here. The staff screen offers the templates of the status being
set, in the reporter's language first; the note sent is whatever the staff member finally wrote.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResponseTemplate:
    key: str
    status: str
    title: dict[str, str]
    text: dict[str, str]


def _t(
    key: str, status: str, title: tuple[str, str, str], text: tuple[str, str, str]
) -> ResponseTemplate:
    return ResponseTemplate(
        key=key,
        status=status,
        title=dict(zip(("fi", "sv", "en"), title, strict=True)),
        text=dict(zip(("fi", "sv", "en"), text, strict=True)),
    )


TEMPLATES: tuple[ResponseTemplate, ...] = (
    _t(
        "in-handling-received",
        "in_handling",
        ("Otettu käsittelyyn", "Tagen till behandling", "Taken into handling"),
        (
            "Kiitos ilmoituksesta. Asia on otettu käsittelyyn.",
            "Tack för anmälan. Ärendet har tagits till behandling.",
            "Thank you for your report. We have started handling it.",
        ),
    ),
    _t(
        "in-handling-contractor",
        "in_handling",
        ("Välitetty urakoitsijalle", "Förmedlad till entreprenören", "Passed to the contractor"),
        (
            "Asia on välitetty alueen urakoitsijalle, joka korjaa sen mahdollisimman pian.",
            "Ärendet har förmedlats till områdets entreprenör, som åtgärdar det så snart "
            "som möjligt.",
            "We have passed this to the area's contractor, who will fix it as soon as possible.",
        ),
    ),
    _t(
        "in-handling-reopened",
        "in_handling",
        ("Avattu uudelleen", "Återöppnad", "Reopened"),
        (
            "Ilmoitus on avattu uudelleen ja sitä käsitellään edelleen.",
            "Anmälan har öppnats på nytt och behandlas vidare.",
            "The report has been reopened and is being handled again.",
        ),
    ),
    _t(
        "resolved-fixed",
        "resolved",
        ("Korjattu", "Åtgärdad", "Fixed"),
        (
            "Vika on korjattu. Kiitos, että ilmoitit!",
            "Felet har åtgärdats. Tack för att du anmälde det!",
            "The fault has been fixed. Thank you for reporting it!",
        ),
    ),
    _t(
        "resolved-cleaned",
        "resolved",
        ("Siivottu", "Städat", "Cleaned up"),
        (
            "Paikka on siivottu. Kiitos ilmoituksesta.",
            "Platsen har städats. Tack för anmälan.",
            "The place has been cleaned up. Thank you for your report.",
        ),
    ),
    _t(
        "resolved-scheduled",
        "resolved",
        ("Lisätty korjausohjelmaan", "Tillagd i åtgärdsprogrammet", "Added to the work plan"),
        (
            "Korjaus on lisätty alueen korjausohjelmaan ja tehdään sen aikataulussa.",
            "Åtgärden har lagts till i områdets åtgärdsprogram och görs enligt dess tidtabell.",
            "The repair has been added to the area's work plan and will be done on its schedule.",
        ),
    ),
    _t(
        "closed-not-city",
        "closed_without_action",
        ("Ei kaupungin aluetta", "Inte stadens område", "Not the City's land"),
        (
            "Paikka ei ole kaupungin ylläpitämää aluetta. Ota yhteyttä kiinteistön omistajaan.",
            "Platsen underhålls inte av staden. Kontakta fastighetens ägare.",
            "The City does not maintain this place. Please contact the property's owner.",
        ),
    ),
    _t(
        "closed-no-fault",
        "closed_without_action",
        ("Vikaa ei löytynyt", "Inget fel hittades", "No fault found"),
        (
            "Tarkastimme paikan, mutta vikaa ei löytynyt.",
            "Vi kontrollerade platsen men hittade inget fel.",
            "We inspected the place but found no fault.",
        ),
    ),
    _t(
        "rejected-inappropriate",
        "rejected",
        ("Asiaton sisältö", "Olämpligt innehåll", "Inappropriate content"),
        (
            "Ilmoitus hylättiin, koska se sisälsi asiatonta sisältöä.",
            "Anmälan avvisades eftersom den innehöll olämpligt innehåll.",
            "The report was rejected because it contained inappropriate content.",
        ),
    ),
    _t(
        "rejected-not-feedback",
        "rejected",
        ("Ei palauteasia", "Inte ett responsärende", "Not a matter for feedback"),
        (
            "Asiaa ei voi käsitellä palautteena. Katso oikea asiointikanava hel.fi-sivustolta.",
            "Ärendet kan inte behandlas som respons. Se rätt kanal på hel.fi.",
            "This cannot be handled as feedback. Please find the right channel on hel.fi.",
        ),
    ),
    _t(
        "duplicate-merged",
        "duplicate",
        ("Sama asia on jo ilmoitettu", "Redan anmält", "Already reported"),
        (
            "Sama asia on jo ilmoitettu. Yhdistimme ilmoituksesi siihen, joten saat tiedon, "
            "kun asia etenee.",
            "Samma sak har redan anmälts. Vi slog ihop din anmälan med den, så du får veta "
            "när ärendet går vidare.",
            "The same thing was already reported. We merged your report into it, so you will "
            "hear when it progresses.",
        ),
    ),
)
