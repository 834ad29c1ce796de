"""A realistic demo boutique, so a newcomer sees the product alive at once.

Two years of history up to the present minute: a team of eleven, their shifts, sales lines and
returns, door traffic, targets, about two thousand clients, coaching notes and a follow-up queue.
Everything is drawn from one seeded `random.Random` and from `clock.now()`, so the same seed at
the same moment builds the same rows, and the demo always ends "now": today's sales stop at the
present minute, and the queue has follow-ups overdue, due today and coming up.
"""

from __future__ import annotations

import json
import math
import random
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from .clock import Clock, to_utc
from .db import Store
from .models import (
    Action,
    ActionStatus,
    Appointment,
    Associate,
    Client,
    ClientConsent,
    ClientContact,
    ClientelingAction,
    ClientelingPlan,
    CoachingNote,
    CommunityAction,
    DaySummary,
    DevelopmentPlan,
    Event,
    FocusStory,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Invitation,
    Moment,
    NoteKind,
    OneToOne,
    PlanCheckIn,
    PlanGoal,
    Review,
    Sale,
    SatisfactionScore,
    Segment,
    Shift,
    SuccessionCandidate,
    Target,
    Traffic,
)
from .services import clienteling
from .services.followups import apply_rules
from .services.privacy import refresh_channels

SOURCE = "demo"
HISTORY_YEARS = 2
SHIFT_DAYS_AHEAD = 14
NOTE_DAYS = 182
RETURN_RATE = 0.03
HJ_IN_TARGET = 0.5  # share of the expected High Jewelry windfall the daily target counts on

Row = dict[str, Any]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote, so the CLI can say it in one line."""

    associates: int
    clients: int
    vic_clients: int
    sales_lines: int
    receipts: int
    coaching_notes: int
    followups: int
    targets: int
    shifts: int
    traffic_hours: int

    def line(self) -> str:
        return (
            f"{self.associates} associates, {self.clients} clients ({self.vic_clients} VIC), "
            f"{self.receipts} receipts / {self.sales_lines} sale lines, "
            f"{self.coaching_notes} coaching notes, {self.followups} follow-ups, "
            f"{self.targets} targets, {self.shifts} shifts, {self.traffic_hours} traffic hours"
        )


# -- the team ------------------------------------------------------------------------------
# initials, first, last, role, specialties, languages, days in post, selling weight, presence
_TEAM: tuple[tuple[str, str, str, str, str, str, int, float, float], ...] = (
    ("SOP", "Sophie", "Laurent", "Senior Sales Associate", "high jewelry, bridal",
     "fr, en, it", 3120, 1.35, 1.1),
    ("CM", "Camille", "Moreau", "Floor Manager", "jewelry, watches", "fr, en", 4250, 0.55, 1.6),
    ("TD", "Thomas", "Delacroix", "Watch Specialist", "watches", "fr, en, de", 2480, 1.1, 1.0),
    ("AH", "Amira", "Haddad", "High Jewelry Specialist", "high jewelry, jewelry",
     "fr, ar, en", 3650, 0.8, 1.0),
    ("YT", "Yuki", "Tanaka", "Client Advisor", "jewelry, leather", "ja, en, fr", 1890, 1.0, 1.0),
    ("WL", "Wei", "Lin", "Senior Sales Associate", "jewelry, high jewelry", "zh, en, fr",
     2790, 1.25, 1.0),
    ("LC", "Léa", "Chevalier", "Sales Associate", "bridal, jewelry", "fr, en, es", 1310, 1.0, 1.0),
    ("MR", "Marco", "Rossi", "Sales Associate", "watches, leather", "it, fr, en", 1480, 0.75, 1.0),
    ("IS", "Isabel", "Santos", "Client Advisor", "bridal, jewelry", "pt, es, fr, en", 905, 0.95,
     1.0),
    ("NK", "Nadia", "Kowalski", "Sales Associate", "jewelry, leather", "fr, en, pl, ru", 220, 0.7,
     1.0),
    ("JB", "Julien", "Bertrand", "Sales Associate", "leather, jewelry", "fr, en", 2010, 0.9, 1.0),
)
_LEFT_DAYS_AGO = {"JB": 150}  # left the Maison: history, but no shift since
_SPECIALTY_CATEGORY = {
    "watches": "watches", "high jewelry": "high jewelry", "bridal": "bridal",
    "jewelry": "jewelry", "leather": "leather goods",
}
# kind weights (recognition, development, observation) for the coaching notes
_KIND_BIAS = {"SOP": (0.5, 0.3, 0.2), "MR": (0.25, 0.55, 0.2), "NK": (0.35, 0.45, 0.2)}


@dataclass
class _Person:
    initials: str
    first: str
    last: str
    role: str
    specialties: str
    languages: str
    start: date
    left: date | None
    weight: float
    presence: float
    categories: frozenset[str]
    id: int = 0

    def employed(self, day: date) -> bool:
        return self.start <= day and (self.left is None or day < self.left)


@dataclass
class _Shift:
    person: _Person
    starts: datetime
    ends: datetime


@dataclass
class _Day:
    day: date
    opens: datetime  # UTC
    closes: datetime
    open_local: time
    shifts: list[_Shift] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return (self.closes - self.opens).total_seconds()

    def covering(self, moment: datetime) -> list[_Shift]:
        return [s for s in self.shifts if s.starts <= moment < s.ends]


# -- what sells, and for how much ----------------------------------------------------------
# category -> (low, high, skew, rounding) in whole currency units: price = low·(high/low)^(u^skew)
_PRICES: dict[str, tuple[int, int, float, int]] = {
    "accessories": (150, 950, 1.3, 5),
    "leather goods": (290, 2400, 1.5, 10),
    "jewelry": (1500, 25000, 1.7, 50),
    "watches": (4000, 60000, 1.8, 100),
    "bridal": (3000, 40000, 1.7, 50),
    "high jewelry": (80000, 600000, 2.2, 1000),
}
_MIX = {"jewelry": 0.40, "watches": 0.16, "bridal": 0.10, "leather goods": 0.12,
        "accessories": 0.22}
_LINES = ((1, 0.70), (2, 0.22), (3, 0.08))
_MEAN_LINES = sum(n * p for n, p in _LINES)
_DOUBLE_UNITS = 0.15  # accessories sold by two (cufflinks, scarves as gifts)
_WEEKDAY = (0.78, 0.90, 0.95, 1.0, 1.12, 1.38, 1.1)
_MONTH = (0.78, 0.88, 0.95, 1.0, 1.12, 1.12, 0.95, 0.76, 0.95, 1.0, 1.05, 1.25)
_BASE_RECEIPTS = 18.5
_GROWTH = 0.06  # a year on year, so "vs last year" reads well
_INTRADAY_MODE = 0.62  # the afternoon peak, as a share of the opening hours


def _month_mix(month: int) -> dict[str, float]:
    mix = dict(_MIX)
    if month in (5, 6):
        mix["bridal"] *= 2.3
    elif month in (4, 9):
        mix["bridal"] *= 1.3
    if month == 12:
        mix["watches"] *= 1.3
        mix["jewelry"] *= 1.15
    if month == 2:
        mix["jewelry"] *= 1.2
    total = sum(mix.values())
    return {k: v / total for k, v in mix.items()}


def _hj_chance(month: int) -> float:
    """Chance of a High Jewelry sale on a selling day: a few a month, more in December."""
    return {12: 0.30, 6: 0.15, 5: 0.13}.get(month, 0.11)


def _mean_price(category: str) -> float:
    """Expected price in whole units, by the midpoint rule over the price curve."""
    low, high, skew, _ = _PRICES[category]
    steps = 2000
    span = math.log(high / low)
    return sum(low * math.exp(span * ((i + 0.5) / steps) ** skew) for i in range(steps)) / steps


_MEAN_PRICE = {c: _mean_price(c) for c in _PRICES}


def _mean_line(month: int) -> float:
    """Expected amount of one ordinary sale line in the month, in cents."""
    total = 0.0
    for cat, share in _month_mix(month).items():
        units = 1 + _DOUBLE_UNITS if cat == "accessories" else 1
        total += share * _MEAN_PRICE[cat] * units
    return total * 100


def _triangular_cdf(x: float, mode: float = _INTRADAY_MODE) -> float:
    x = min(max(x, 0.0), 1.0)
    if x <= mode:
        return x * x / mode
    return 1 - (1 - x) ** 2 / (1 - mode)


# -- clients --------------------------------------------------------------------------------
# culture -> (weight, language, phone prefix, female names, male names, last names)
_CULTURES: dict[str, tuple[float, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "fr": (0.45, "fr", "+33 6", (
        "Hélène", "Claire", "Isabelle", "Catherine", "Juliette", "Margaux", "Chloé", "Anne",
        "Valérie", "Élodie", "Mathilde", "Céline", "Nathalie", "Aurélie", "Inès", "Louise",
        "Béatrice", "Agnès", "Delphine", "Florence"), (
        "Philippe", "Antoine", "Louis", "Pierre", "François", "Nicolas", "Olivier", "Julien",
        "Charles", "Guillaume", "Arnaud", "Étienne", "Hugo", "Henri", "Jean", "Laurent",
        "Benoît", "Xavier"), (
        "Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau", "Blanc", "Garnier",
        "Chevalier", "Faure", "Lambert", "Bonnet", "Mercier", "Dupont", "Leroy", "Morel",
        "Perrin", "Roux", "Vidal", "de La Tour", "Marchand", "Gauthier", "Carpentier",
        "Lemaire", "Barbier", "Aubert", "Renaud", "Collin", "Delorme", "Sauvage")),
    "en": (0.12, "en", "+44 7", (
        "Charlotte", "Emily", "Olivia", "Sarah", "Victoria", "Amelia", "Grace", "Elizabeth",
        "Jennifer", "Rachel"), (
        "James", "William", "Henry", "Edward", "Michael", "Oliver", "Alexander", "Daniel",
        "Robert", "Jonathan"), (
        "Whitfield", "Harrington", "Spencer", "Collins", "Blackwood", "Ashford", "Carter",
        "Sinclair", "Hughes", "Bennett", "Goldberg", "Walsh", "Mitchell", "Foster")),
    "zh": (0.10, "zh", "+86 13", (
        "Mei", "Xiaoling", "Yan", "Jing", "Li Na", "Hui", "Ying", "Fang"), (
        "Wei", "Jun", "Hao", "Ming", "Tao", "Zhen", "Lei", "Bo"), (
        "Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun")),
    "ar": (0.07, "ar", "+971 50", (
        "Layla", "Noor", "Yasmine", "Amira", "Fatima", "Salma", "Rania", "Dalia"), (
        "Omar", "Karim", "Khalid", "Faisal", "Rashid", "Youssef", "Tariq", "Hamad"), (
        "Al Mansouri", "Al Nahyan", "Haddad", "Khoury", "Al Thani", "Saleh", "Nasser",
        "Al Otaiba", "Farouk")),
    "it": (0.05, "it", "+39 3", (
        "Giulia", "Francesca", "Chiara", "Alessandra", "Valentina", "Elena"), (
        "Alessandro", "Lorenzo", "Matteo", "Giovanni", "Stefano", "Federico"), (
        "Ricci", "Conti", "Marino", "Greco", "Colombo", "Ferrari", "Esposito", "Bianchi")),
    "ja": (0.04, "ja", "+81 90", (
        "Yuki", "Haruka", "Aiko", "Sakura", "Emi", "Naomi"), (
        "Hiroshi", "Kenji", "Takashi", "Daisuke", "Ren", "Sota"), (
        "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi")),
    "es": (0.04, "es", "+34 6", (
        "Lucía", "Carmen", "Sofía", "Marta", "Paula", "Inés"), (
        "Javier", "Alejandro", "Pablo", "Diego", "Carlos", "Álvaro"), (
        "García", "Fernández", "Martínez", "López", "Sánchez", "Romero", "Navarro")),
    "de": (0.04, "de", "+49 17", (
        "Katharina", "Anna", "Sophie", "Lena", "Julia", "Claudia"), (
        "Maximilian", "Felix", "Stefan", "Andreas", "Tobias", "Christian"), (
        "Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "von Arnim")),
    "ru": (0.03, "ru", "+7 9", (
        "Anastasia", "Ekaterina", "Olga", "Natalia", "Svetlana", "Daria"), (
        "Dmitri", "Alexei", "Sergei", "Ivan", "Mikhail", "Nikolai"), (
        "Ivanova", "Petrova", "Sokolova", "Volkova", "Orlova", "Morozova")),
    "ko": (0.03, "ko", "+82 10", (
        "Ji-woo", "Min-ji", "Seo-yeon", "Ha-eun", "Soo-ah"), (
        "Min-jun", "Seo-jun", "Ji-ho", "Hyun-woo", "Joon"), (
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang")),
    "pt": (0.02, "pt", "+55 11 9", (
        "Ana", "Beatriz", "Mariana", "Camila", "Larissa"), (
        "Rafael", "Gabriel", "Thiago", "Bruno", "Rodrigo"), (
        "Silva", "Santos", "Oliveira", "Souza", "Costa", "Almeida")),
    "hi": (0.01, "en", "+91 98", (
        "Priya", "Ananya", "Kavya", "Isha"), (
        "Arjun", "Rohan", "Vikram", "Aditya"), (
        "Sharma", "Mehta", "Kapoor", "Singh", "Patel", "Malhotra")),
}
_MALE_TITLE = {"fr": "M."}
_FEMALE_TITLE = {"fr": "Mme"}
_EMAIL_DOMAINS = ("example.com", "example.fr", "example.net", "example.org")
_N_CLIENTS = {"VIC": 300, "HJ": 60, "prospect": 340, "regular": 1300}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.lower() if ch.isalnum())


# -- words ----------------------------------------------------------------------------------
_PIECES: dict[str, tuple[str, ...]] = {
    "jewelry": ("the Lierre bracelet", "the Étoile pendant", "the Comète ring",
                "the diamond hoops", "the Orée necklace", "the Sérénade earrings",
                "the pavé cuff"),
    "watches": ("the Rivoli chronograph", "the perpetual calendar", "the Orée tourbillon",
                "the steel automatic", "the Étoile ladies' watch", "the moon-phase"),
    "bridal": ("the solitaire", "the eternity band", "the wedding bands",
               "the Aube engagement ring", "the three-stone ring"),
    "high jewelry": ("the sapphire necklace", "the emerald parure", "the Sérénade rivière",
                     "the ruby cocktail ring", "the one-of-a-kind brooch"),
    "leather goods": ("the travel case", "the Orée handbag", "the card holder",
                      "the watch roll"),
    "accessories": ("the silk scarf", "the cufflinks", "the fountain pen", "the sunglasses"),
}

# (moment, kind) -> what the manager writes; {piece} is filled with a piece of the collection.
_NOTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("welcome", "recognition"): (
        "Warm welcome at the door within seconds, even with the boutique full",
        "Offered a seat and a glass of champagne before the first question; set the tone",
        "Recognised a returning client by name at the door; the client visibly relaxed",
        "Greeted the family in their own language; lovely ease from the first minute",
        "Acknowledged the waiting couple while finishing with another client: nobody felt "
        "ignored",
        "Elegant handover of a walk-in to the Watch Specialist, with a proper introduction",
    ),
    ("welcome", "development"): (
        "Welcome came after two minutes on a busy afternoon: eye contact first, even when busy",
        "Stayed behind the counter at the greeting; step forward and meet the client",
        "Opened with 'Can I help you?'; try an open welcome about the visit instead",
        "Forgot to offer a drink to the couple who waited; make it automatic",
        "Greeting was warm but rushed; slow the pace in the first minute",
        "Let the group browse unattended at the watch wall; one person per group",
    ),
    ("welcome", "observation"): (
        "Door was busy 16:00-17:00; the welcome stayed consistent across the team",
        "Walk-in asked for {piece} straight away; the welcome moved directly into discovery",
        "Client arrived early for the appointment and waited three minutes to be greeted",
    ),
    ("discovery", "recognition"): (
        "Excellent discovery: found out it was a 20th anniversary before showing a single piece",
        "Asked about the client's existing collection and built on it, very naturally",
        "Listened more than talked; picked up a preference for yellow gold and discreet pieces",
        "Uncovered a second occasion (a daughter's graduation) through open questions",
        "Noted wrist size and style preferences in the client file during the visit",
        "Great question about who the gift is for and what she already wears",
    ),
    ("discovery", "development"): (
        "Went to the showcase after one question; understand the occasion first",
        "Closed questions only (budget? colour?); try 'tell me about the occasion'",
        "Asked the budget too early; let the client's story lead",
        "Missed that the client was buying for herself; the presentation stayed on gifting",
        "Did not capture the client's details after a long discovery; ask before the end",
        "Discovery was about the piece, not the person: ask what the client wears every day",
    ),
    ("discovery", "observation"): (
        "Many clients asking about {piece} since the campaign launch",
        "Couple split their attention between bridal and watches; discovery took 20 minutes",
        "Client came in with a screenshot of {piece} from social media",
    ),
    ("storytelling", "recognition"): (
        "Beautiful storytelling on the heritage of {piece}; the client asked to hear more",
        "Let the client hold {piece} early and told the craftsmanship while they held it",
        "Explained the movement with a loupe: clear and passionate, no jargon",
        "Linked the design of {piece} to the archive sketches; a real moment for the client",
        "Presented three pieces on the tray, not ten: focused and elegant",
        "Told the stone-setting story to build the value before any price was mentioned",
    ),
    ("storytelling", "development"): (
        "Listed the features of {piece} instead of telling its story; start with the design",
        "Kept {piece} in the showcase too long; let the client hold the piece earlier",
        "Too many pieces on the tray at once; the client lost focus",
        "Mentioned the price before the craftsmanship; tell the story first",
        "Did not try {piece} on the client; wearing it is what sells it",
        "The story of {piece} was accurate but recited; make it personal to the client",
    ),
    ("storytelling", "observation"): (
        "Clients respond strongly to the workshop video on the tablet",
        "Several clients compared {piece} with a competitor's model; prepare the differences",
        "The new collection tray gets most of the attention at the front showcase",
    ),
    ("objection", "recognition"): (
        "Handled the price objection calmly: acknowledged it, then back to the craftsmanship",
        "Turned 'I'll think about it' into a 48-hour reservation; well done",
        "Client hesitated on the size; offered the resizing service at once and reassured",
        "Answered the delivery-time concern with a clear date and a call-back promise",
        "Stayed composed when the client compared prices online; explained the certificate "
        "and the after-sales service",
        "Acknowledged the worry about daily wear and showed how {piece} is made to last",
    ),
    ("objection", "development"): (
        "Reached for a gesture on price; reinforce the value, never the price",
        "Argued with the client's objection; acknowledge first, then answer",
        "Let the client leave on 'too expensive' without an alternative from the collection",
        "Over-explained when the client hesitated; ask what is holding them back",
        "Did not check whether the objection was the real one; ask a clarifying question",
        "Gave up at the first hesitation on {piece}; propose a second viewing or a reservation",
    ),
    ("objection", "observation"): (
        "Questions on the price increase are frequent this week; align the team's answer",
        "Several objections about waiting times for {piece}; stock visibility would help",
        "Client hesitated between two sizes; the resizing lead time came up again",
    ),
    ("closing", "recognition"): (
        "Confident close: summarised the client's wishes and asked for the decision",
        "Proposed the engraving service before presenting the price; the client loved it",
        "Closed a two-piece sale by suggesting the matching earrings at the right moment",
        "Beautiful packaging ceremony; the client filmed the unwrapping",
        "Secured the sale of {piece} and booked the next visit for the fitting",
        "Read the buying signal and stopped presenting: perfect timing",
    ),
    ("closing", "development"): (
        "Kept presenting after the client had decided; recognise the buying signal and close",
        "Closing: propose the engraving service before presenting the price",
        "Forgot to suggest a complementary piece to {piece}; think of the full look",
        "Did not ask for the sale; the client left saying they would come back",
        "Took the payment without going through care and warranty; close the experience too",
        "Client details not captured at the till; the sale stays anonymous",
    ),
    ("closing", "observation"): (
        "Many closings come on a second visit this month",
        "Queue at the packaging desk around 17:00 slowed two closings",
        "Clients increasingly ask for the digital certificate at the close",
    ),
    ("after-sales", "recognition"): (
        "Handled the watch service request with empathy; clear timeline given",
        "Explained the care of {piece} at the handover; the client felt looked after",
        "Called the workshop during the visit to get a firm date for the resizing",
        "Turned a repair visit into a new discovery conversation, without pushing",
        "Logged the after-sales request perfectly, photos included",
        "Followed up the delayed repair before the client had to call",
    ),
    ("after-sales", "development"): (
        "After-sales client waited ten minutes while we served purchases; same welcome for all",
        "Promised a repair date without checking with the workshop; confirm first",
        "Did not log the service request; we risk losing track of the piece",
        "Handed the repaired piece back without cleaning or explanation; make it a moment",
        "Forgot to check the warranty card; explain what is covered",
        "Could have offered a polishing of {piece} while the client was with us",
    ),
    ("after-sales", "observation"): (
        "Resizing lead times are longer this month; warn clients at purchase",
        "Three battery changes today; consider a dedicated after-sales slot",
        "Repair pick-ups cluster on Saturday mornings",
    ),
    ("clienteling", "recognition"): (
        "Sent a personal message with a photo of {piece} to a VIC; appointment booked",
        "Remembered the client's anniversary and prepared a selection in advance",
        "Updated the client's preferences right after the visit; the file is exemplary",
        "Invited three VICs to the private viewing with handwritten cards",
        "Reactivated a client not seen for a year with a thoughtful note about {piece}",
        "Prepared the tray before the appointment from the client's file",
    ),
    ("clienteling", "development"): (
        "Follow-up list has overdue actions; block 30 minutes each morning",
        "Messages to clients are too generic; mention their last purchase",
        "No touchpoint planned after the thank-you card; plan the next one",
        "Client file missing sizes and preferences; complete it after each visit",
        "Only contacts VICs before events; keep a regular rhythm",
        "Did not introduce the client to the High Jewelry Specialist despite interest in "
        "{piece}",
    ),
    ("clienteling", "observation"): (
        "VIC appointments up this month; Saturday afternoons are fully booked",
        "Clients answer best to messages sent on Tuesday or Wednesday mornings",
        "Several clients asked about the upcoming private event",
    ),
}
_MOMENT_WEIGHTS = {
    Moment.WELCOME: 0.14, Moment.DISCOVERY: 0.18, Moment.STORYTELLING: 0.20,
    Moment.OBJECTION: 0.12, Moment.CLOSING: 0.16, Moment.AFTER_SALES: 0.08,
    Moment.CLIENTELING: 0.12,
}
_STANDARDS = {
    "welcome": "Greeting within 30 seconds",
    "discovery": "Open questions before product",
    "storytelling": "Piece in the client's hands",
    "objection": "Acknowledge before answering",
    "closing": "Services before price",
    "after-sales": "Care explained at handover",
    "clienteling": "Follow-up within 48 hours",
}
_NEXT_ACTIONS = (
    "Role-play it at Thursday's huddle",
    "Shadow {peer} on a VIC appointment this week",
    "Review at the next one-to-one",
    "Practise the heritage story with {peer} before Saturday",
    "Read the new collection guide and present one piece at the briefing",
    "Watch {peer} handle the next couple at the bridal table",
)

_FOLLOWUP_ACTIONS: dict[str, tuple[str, ...]] = {
    "thank-you": (
        "Send a handwritten thank-you card for {piece}",
        "Thank-you call: how is {piece} being worn?",
        "Send flowers to thank for the purchase of {piece}",
        "Thank-you note with the care booklet for {piece}",
    ),
    "after-sales": (
        "Call to confirm the resizing of {piece} is ready",
        "Watch back from the workshop: book the handover",
        "Engraving done on {piece}: arrange the collection",
        "Check the polishing of {piece} and call the client",
        "Strap exchange arrived: call to book a fitting",
        "Confirm the clasp repair estimate with the client",
    ),
    "hj-next-step": (
        "Present the second sketch of the bespoke necklace",
        "Book the private viewing of the sapphire parure",
        "Send the gemstone certificates and the estimate",
        "Arrange a salon appointment with the High Jewelry director",
        "Confirm the stone selection for the commission",
        "Share the workshop photos of the emerald setting",
    ),
    "birthday": (
        "Birthday: call and send flowers",
        "Birthday wishes with a handwritten card",
        "Birthday next week: prepare a gift selection from the new collection",
    ),
    "event-invitation": (
        "Invite to the Haute Joaillerie private viewing",
        "Invite to the watchmaking masterclass",
        "Invite to the Christmas cocktail at the boutique",
        "Invite to the new collection preview",
        "Invite to the bridal evening",
    ),
    "satisfaction-recovery": (
        "Call back about the delayed repair; offer a private appointment",
        "Apologise for the wait on Saturday; invite for a private appointment",
        "Follow up on the survey comment about the gift wrapping",
        "Boutique Manager call about the resizing delay",
    ),
}
_FOLLOWUP_OUTCOMES: dict[str, tuple[str, ...]] = {
    "thank-you": ("Card sent", "Called: delighted, wears it every day",
                  "Flowers delivered, lovely message back", "Left a voicemail, SMS sent"),
    "after-sales": ("Collected, very happy with the result", "Called, pick-up booked Saturday",
                    "Piece handed over with care explanation", "Estimate accepted by phone"),
    "hj-next-step": ("Second sketch approved, deposit taken", "Private viewing held, thinking",
                     "Certificates sent, call booked next week", "Declined for now, follow in spring"),
    "birthday": ("Flowers sent, thanked us by message", "Called, visit planned next month",
                 "Card sent"),
    "anniversary": ("Card sent for the anniversary", "Called: dinner booked, will visit after",
                    "Flowers delivered"),
    "event-invitation": ("Confirmed with spouse", "Declined, travelling", "Confirmed, +1",
                         "No answer, e-mail sent"),
    "satisfaction-recovery": ("Apologised, courtesy polishing offered, client reassured",
                              "Manager called, issue resolved", "Client satisfied with the gesture"),
}
_CANCEL_REASONS = (
    "Client moved abroad", "Duplicate of another follow-up",
    "Client asked not to be contacted this season", "Piece returned, nothing to follow",
)
_FOLLOWUP_KIND_WEIGHTS = {
    FollowUpKind.THANK_YOU: 0.25, FollowUpKind.AFTER_SALES: 0.20,
    FollowUpKind.HJ_NEXT_STEP: 0.13, FollowUpKind.BIRTHDAY: 0.14, FollowUpKind.EVENT: 0.18,
    FollowUpKind.RECOVERY: 0.10,
}


# -- the builder ----------------------------------------------------------------------------
class _Builder:
    """Draws the rows in memory; `build_demo` writes them in one transaction."""

    def __init__(self, store: Store, clock: Clock, seed: int) -> None:
        self.rng = random.Random(seed)
        self.clock = clock
        self.b = store.boutique_id
        now = clock.now()
        self.now = to_utc(now)
        self.today = date(now.year, now.month, now.day)
        back = self.today.replace(day=1)
        self.first = back.replace(year=back.year - HISTORY_YEARS)
        self.manager = clock.settings.manager_initials or "SM"
        self.people: list[_Person] = []
        self.days: dict[date, _Day] = {}
        self.sales: list[Row] = []
        self.traffic: list[Row] = []
        self.targets: list[Row] = []
        self.notes: list[Row] = []
        self.followups: list[Row] = []
        self.clients: list[Row] = []
        self.client_meta: list[dict[str, Any]] = []
        # per segment, and per (owner initials, segment): created day ordinals and indexes
        self.pool: dict[Any, tuple[list[int], list[int]]] = {}
        self.first_purchase: dict[int, datetime] = {}
        self.last_purchase: dict[int, str] = {}
        self.sold_to: dict[tuple[date, int], list[int]] = {}  # (day, seller id) -> clients
        self.receipt_count = 0

    # ---- team ---------------------------------------------------------------------------
    def team(self) -> list[Row]:
        rows = []
        for ini, first, last, role, spec, langs, days_in, weight, presence in _TEAM:
            left = _LEFT_DAYS_AGO.get(ini)
            specs = [s.strip() for s in spec.split(",")]
            self.people.append(_Person(
                ini, first, last, role, spec, langs, self.today - timedelta(days=days_in),
                self.today - timedelta(days=left) if left else None, weight, presence,
                frozenset(_SPECIALTY_CATEGORY[s] for s in specs),
            ))
            rows.append({
                "boutique_id": self.b, "initials": ini, "first_name": first, "last_name": last,
                "role": role, "specialties": spec, "languages": langs,
                "start_date": self.today - timedelta(days=days_in), "active": left is None,
            })
        return rows

    def person(self, initials: str) -> _Person:
        return next(p for p in self.people if p.initials == initials)

    # ---- calendar and shifts ------------------------------------------------------------
    def calendar(self) -> None:
        last = max(self.clock.month_last(self.today), self.today + timedelta(days=SHIFT_DAYS_AHEAD))
        last = date(last.year, last.month, last.day)
        day = self.first
        while day <= last:
            opening = self.clock.opening(day)
            if opening is not None:
                opens, closes = opening
                self.days[day] = _Day(day, opens, closes, self.clock.hours[day.weekday()][0])
            day += timedelta(days=1)
        shift_end = self.today + timedelta(days=SHIFT_DAYS_AHEAD)
        for d in self.days.values():
            if d.day <= shift_end:
                d.shifts = self.roster(d)

    def roster(self, d: _Day) -> list[_Shift]:
        rng = self.rng
        staff = [p for p in self.people if p.employed(d.day)]
        wd = d.day.weekday()
        n = (5, 6, 6, 6, 7, 8, 7)[wd] + rng.choice((-1, 0, 0, 0, 1))
        if d.day.month == 12 or (d.day.month in (5, 6) and wd == 5):
            n += 1
        n = min(max(n, 5), 8)
        if d.day == self.today:
            n = 7
        n = min(n, len(staff))
        keyed = sorted(((rng.random() ** (1 / p.presence), i) for i, p in enumerate(staff)),
                       reverse=True)
        chosen = [staff[i] for _, i in keyed[:n]]
        sop = self.person("SOP")
        if d.day == self.today and sop in staff and sop not in chosen:
            chosen[-1] = sop
        chosen.sort(key=lambda p: self.people.index(p))
        kinds = [
            "full" if p.role == "Floor Manager"
            else rng.choices(("full", "opening", "closing"), (0.6, 0.2, 0.2))[0]
            for p in chosen
        ]
        for i in range(len(kinds)):
            if kinds.count("full") >= 2:
                break
            kinds[i] = "full"
        span = d.closes - d.opens
        half = timedelta(minutes=30 * round(span.total_seconds() * 0.55 / 1800))
        shifts = []
        for p, kind in zip(chosen, kinds, strict=True):
            if kind == "full":
                shifts.append(_Shift(p, d.opens, d.closes))
            elif kind == "opening":
                shifts.append(_Shift(p, d.opens, d.opens + half))
            else:
                shifts.append(_Shift(p, d.closes - half, d.closes))
        return shifts

    # ---- clients ------------------------------------------------------------------------
    def make_clients(self) -> None:
        rng = self.rng
        segments = [s for s, n in _N_CLIENTS.items() for _ in range(n)]
        rng.shuffle(segments)
        cultures = list(_CULTURES)
        culture_weights = [_CULTURES[c][0] for c in cultures]
        numbers = sorted(rng.sample(range(100_000, 200_000), len(segments)))
        active = [p for p in self.people if p.left is None]
        window = (self.today - self.first).days
        drafts = []
        for seg in segments:
            culture = rng.choices(cultures, culture_weights)[0]
            _, lang, prefix, women, men, lasts = _CULTURES[culture]
            female = rng.random() < 0.68
            first = rng.choice(women if female else men)
            last = rng.choice(lasts)
            if rng.random() < 0.04:
                title = "Dr"
            elif female:
                title = _FEMALE_TITLE.get(culture, "Ms")
            else:
                title = _MALE_TITLE.get(culture, "Mr")
            if rng.random() < 0.3 and culture != "fr":
                prefix = "+33 6"  # living in Paris
            digits = "".join(str(rng.randrange(10)) for _ in range(8))
            phone = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
            email = f"{_ascii(first)}.{_ascii(last)}@{rng.choice(_EMAIL_DOMAINS)}"
            birthday = None
            if rng.random() < 0.85:
                year = self.today.year - rng.randint(24, 78)
                birthday = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            owner = self.pick_owner(seg, lang, active)
            if seg == "HJ":
                created = self.first - timedelta(days=rng.randint(180, 5000))
            elif seg == "VIC":
                created = (self.first - timedelta(days=rng.randint(30, 3650))
                           if rng.random() < 0.88 else
                           self.first + timedelta(days=rng.randrange(window)))
            elif seg == "regular":
                created = (self.first - timedelta(days=rng.randint(1, 2500))
                           if rng.random() < 0.45 else
                           self.first + timedelta(days=rng.randrange(window)))
            else:
                created = (self.first + timedelta(days=rng.randrange(window))
                           if rng.random() < 0.75 else
                           self.first - timedelta(days=rng.randint(1, 900)))
            created_at = datetime(created.year, created.month, created.day,
                                  rng.randint(9, 17), rng.randrange(60), tzinfo=UTC)
            drafts.append((created, created_at, seg, title, first, last, owner, phone, email,
                           lang, birthday))
        drafts.sort(key=lambda r: r[1])  # older clients have lower numbers
        for i, (created, created_at, seg, title, first, last, owner, phone, email, lang,
                birthday) in enumerate(drafts):
            self.clients.append({
                "boutique_id": self.b, "number": f"C{numbers[i]}", "title": title,
                "first_name": first, "last_name": last, "segment": seg, "owner_id": owner,
                "phone": phone, "email": email, "language": lang, "birthday": birthday,
                "created_at": created_at,
            })
            self.client_meta.append({"created": created, "owner": owner, "segment": seg})
            if seg != "prospect":
                for key in (seg, (owner, seg)):
                    days, idxs = self.pool.setdefault(key, ([], []))
                    days.append(created.toordinal())
                    idxs.append(i)

    def pick_owner(self, segment: str, language: str, active: list[_Person]) -> str | None:
        if segment in ("regular", "prospect") and self.rng.random() < 0.02:
            return None
        weights = []
        for p in active:
            w = {"Senior Sales Associate": 1.6, "Client Advisor": 1.4, "Floor Manager": 0.5,
                 "High Jewelry Specialist": 0.8}.get(p.role, 1.0)
            if p.initials == "NK":
                w *= 0.4
            if language and language in p.languages.split(", "):
                w *= 3
            if segment == "HJ":
                w *= 6 if "high jewelry" in p.categories else 0.15
            weights.append(w)
        return self.rng.choices(active, weights)[0].initials

    def pick_client(self, key: Any, day: date) -> int | None:
        entry = self.pool.get(key)
        if not entry:
            return None
        days, idxs = entry
        n = bisect_right(days, day.toordinal())
        if n == 0:
            return None
        u = self.rng.random()
        if self.rng.random() < 0.6:
            u *= u  # loyal clients come back
        return idxs[int(u * n)]

    # ---- the sales model ----------------------------------------------------------------
    def expected_receipts(self, day: date) -> float:
        factor = _WEEKDAY[day.weekday()] * _MONTH[day.month - 1]
        if day.month == 12:
            factor *= 1.15 if 15 <= day.day <= 24 else 0.9 if day.day >= 26 else 1.0
        years = (day - self.first).days / 365
        return _BASE_RECEIPTS * factor * (1 + _GROWTH * years)

    def expected_net(self, day: date) -> float:
        """The day's expected net in cents: ordinary receipts, returns, part of the HJ."""
        line = _mean_line(day.month)
        per_receipt = (1 - RETURN_RATE) * _MEAN_LINES * line - RETURN_RATE * line
        hj = _hj_chance(day.month) * _MEAN_PRICE["high jewelry"] * 100
        return self.expected_receipts(day) * per_receipt + HJ_IN_TARGET * hj

    def price(self, category: str, u: float | None = None) -> int:
        """A shelf price in cents; `u` is the quantile (drawn when not given)."""
        low, high, skew, step = _PRICES[category]
        if u is None:
            u = self.rng.random()
        value = low * math.exp(math.log(high / low) * u**skew)
        return max(step, round(value / step) * step) * 100

    def deck(self, mix: dict[str, float], size: int) -> list[tuple[str, float | None]]:
        """Categories in the month's proportions, each with stratified price quantiles."""
        rng = self.rng
        cards: list[tuple[str, float | None]] = []
        for cat, share in mix.items():
            count = int(share * size + rng.random())
            cards.extend((cat, (k + rng.random()) / count) for k in range(count))
        rng.shuffle(cards)
        return cards

    def choose_seller(self, covering: list[_Shift], category: str) -> _Person:
        weights = []
        for s in covering:
            w = s.person.weight
            if category in s.person.categories:
                w *= 8 if category == "high jewelry" else 3
            elif category == "high jewelry":
                w *= 0.2
            weights.append(w)
        return self.rng.choices(covering, weights)[0].person

    def make_sales(self) -> None:
        rng = self.rng
        ret_days: list[int] = []
        ret_rows: list[Row] = []
        returned: set[int] = set()
        for d in self.days.values():
            if d.day > self.today:
                break
            mix = _month_mix(d.day.month)
            cats, cat_w = list(mix), list(mix.values())
            n = max(4, round(self.expected_receipts(d.day) * rng.gauss(1.0, 0.10)))
            # A stratified deck of (category, price quantile): every ticket still spans the
            # whole range, but a day's total stays near its expectation, as most days do.
            deck = self.deck(mix, max(1, round(n * _MEAN_LINES)))
            events = [(rng.triangular(0, 1, _INTRADAY_MODE), "sale") for _ in range(n)]
            if rng.random() < _hj_chance(d.day.month):
                events.append((rng.triangular(0.1, 1, _INTRADAY_MODE), "hj"))
            events.sort()
            seq = 0
            day_rows: list[Row] = []
            for x, kind in events:
                moment = d.opens + timedelta(seconds=int(x * d.seconds))
                if moment > self.now:
                    break
                covering = d.covering(moment) or [_Shift(s.person, d.opens, d.closes)
                                                  for s in d.shifts]
                if not covering:
                    continue
                lines: list[tuple[str, int, int]] = []
                client: int | None = None
                if kind == "sale" and rng.random() < RETURN_RATE:
                    lo = bisect_left(ret_days, d.day.toordinal() - 30)
                    if lo >= len(ret_rows):
                        continue
                    j = rng.randrange(lo, len(ret_rows))
                    if j in returned:
                        continue
                    returned.add(j)
                    orig = ret_rows[j]
                    seller_id = orig["associate_id"]
                    if not any(s.person.id == seller_id for s in covering):
                        seller_id = rng.choice(covering).person.id
                    lines.append((orig["category"], -orig["amount"], -orig["units"]))
                    client = orig["client_id"]
                else:
                    if kind == "hj":
                        lines.append(("high jewelry", self.price("high jewelry"), 1))
                    else:
                        count = rng.choices((1, 2, 3), [p for _, p in _LINES])[0]
                        for _ in range(count):
                            cat, u = deck.pop() if deck else (rng.choices(cats, cat_w)[0], None)
                            units = 2 if cat == "accessories" and rng.random() < _DOUBLE_UNITS else 1
                            lines.append((cat, self.price(cat, u) * units, units))
                    main = max(lines, key=lambda line: line[1])[0]
                    seller = self.choose_seller(covering, main)
                    seller_id = seller.id
                    total = sum(amount for _, amount, _ in lines)
                    client = self.identify(kind, total, seller, d.day)
                seq += 1
                receipt = f"R{d.day:%y%m%d}{seq:04d}"
                for no, (cat, amount, units) in enumerate(lines, start=1):
                    row = {
                        "boutique_id": self.b, "receipt": receipt, "line": no, "sold_at": moment,
                        "associate_id": seller_id, "client_id": client, "amount": amount,
                        "units": units, "category": cat, "source": SOURCE,
                    }
                    day_rows.append(row)
                    if amount > 0 and client is not None:
                        if client not in self.first_purchase:
                            self.first_purchase[client] = moment
                        self.last_purchase[client] = cat
                if client is not None and lines[0][1] > 0:
                    self.sold_to.setdefault((d.day, seller_id), []).append(client)
            self.receipt_count += seq
            self.sales.extend(day_rows)
            for row in day_rows:
                if row["amount"] > 0 and row["category"] != "high jewelry":
                    ret_days.append(d.day.toordinal())
                    ret_rows.append(row)
            self.make_traffic(d, n + sum(1 for _, k in events if k == "hj"), day_rows)

    def identify(self, kind: str, total: int, seller: _Person, day: date) -> int | None:
        """The client of a receipt, or None (anonymous); big tickets go to VIC and HJ."""
        rng = self.rng
        if kind == "hj":
            segment = "HJ" if rng.random() < 0.75 else "VIC"
        else:
            chance = 0.8 if total >= 1_000_000 else 0.48
            if rng.random() >= chance:
                return None
            r = rng.random()
            if total >= 1_500_000:
                segment = "VIC" if r < 0.55 else "HJ" if r < 0.65 else "regular"
            else:
                segment = "VIC" if r < 0.22 else "HJ" if r < 0.25 else "regular"
        client = None
        if rng.random() < 0.5:
            client = self.pick_client((seller.initials, segment), day)
        if client is None:
            client = self.pick_client(segment, day)
        if client is None:
            client = self.pick_client("regular", day)
        return client

    # ---- traffic ------------------------------------------------------------------------
    def make_traffic(self, d: _Day, planned: int, day_rows: list[Row]) -> None:
        rng = self.rng
        conversion = min(max(rng.gauss(0.145, 0.022), 0.10), 0.20)
        visitors = planned / conversion
        receipts_at = sorted({(r["receipt"], r["sold_at"]) for r in day_rows if r["amount"] > 0})
        times = [t for _, t in receipts_at]
        hour = d.opens - timedelta(minutes=d.open_local.minute)
        while hour < d.closes:
            seg_start = max(hour, d.opens)
            seg_end = min(hour + timedelta(hours=1), d.closes, self.now)
            if seg_end <= seg_start:
                break
            share = (_triangular_cdf((seg_end - d.opens).total_seconds() / d.seconds)
                     - _triangular_cdf((seg_start - d.opens).total_seconds() / d.seconds))
            sold = bisect_left(times, seg_end) - bisect_left(times, seg_start)
            count = max(sold + rng.randint(0, 2), round(visitors * share * rng.gauss(1, 0.12)))
            self.traffic.append({"boutique_id": self.b, "hour_start": hour, "visitors": count})
            hour += timedelta(hours=1)

    # ---- targets ------------------------------------------------------------------------
    def make_targets(self) -> None:
        months: dict[date, int] = {}
        last = self.clock.month_last(self.today)
        for d in self.days.values():
            if d.day > last:
                break
            value = round(self.expected_net(d.day) * self.rng.uniform(0.98, 1.04) / 10_000)
            value *= 10_000  # whole hundreds of the currency
            self.targets.append({"boutique_id": self.b, "associate_id": None,
                                 "metric": "net_sales", "period": "day", "start": d.day,
                                 "value": value})
            first = d.day.replace(day=1)
            months[first] = months.get(first, 0) + value
        for first, value in months.items():
            self.targets.append({"boutique_id": self.b, "associate_id": None,
                                 "metric": "net_sales", "period": "month", "start": first,
                                 "value": value})

    # ---- coaching notes -----------------------------------------------------------------
    def make_notes(self, client_ids: list[int]) -> None:
        rng = self.rng
        since = self.today - timedelta(days=NOTE_DAYS)
        for d in self.days.values():
            if d.day < since or not d.shifts:
                continue
            if d.day > self.today:
                break
            if d.day == self.today:
                self.today_notes(d, client_ids)
                continue
            for _ in range(rng.randint(2, 6)):
                shift = rng.choice(d.shifts)
                noted = shift.starts + timedelta(
                    seconds=int(rng.random() * (shift.ends - shift.starts).total_seconds()))
                self.notes.append(self.note(shift.person, noted, d.day, client_ids))

    def today_notes(self, d: _Day, client_ids: list[int]) -> None:
        rng = self.rng
        start = d.opens + timedelta(minutes=15)
        end = min(self.now, d.closes)
        if end - start < timedelta(minutes=15):
            return
        wanted = min(rng.randint(2, 4), len(d.shifts) - 2)
        span = (end - start).total_seconds()
        moments = sorted(start + timedelta(seconds=int(rng.random() * span))
                         for _ in range(wanted))
        coached: list[_Person] = []
        for noted in moments:
            free = [s.person for s in d.covering(noted) if s.person not in coached]
            if not free:
                continue
            person = rng.choice(free)
            coached.append(person)
            self.notes.append(self.note(person, noted, d.day, client_ids))

    def note(self, person: _Person, noted: datetime, day: date, client_ids: list[int]) -> Row:
        rng = self.rng
        moment = rng.choices(list(_MOMENT_WEIGHTS), list(_MOMENT_WEIGHTS.values()))[0].value
        bias = _KIND_BIAS.get(person.initials, (0.4, 0.4, 0.2))
        kind = rng.choices([k.value for k in NoteKind], bias)[0]
        category = (rng.choice(sorted(person.categories)) if rng.random() < 0.6
                    else rng.choices(list(_MIX), list(_MIX.values()))[0])
        text = rng.choice(_NOTES[(moment, kind)]).format(piece=rng.choice(_PIECES[category]))
        client = None
        bought = self.sold_to.get((day, person.id))
        if bought and rng.random() < 0.35:
            client = client_ids[rng.choice(bought)]
        standard = _STANDARDS[moment] if rng.random() < 0.35 else ""
        next_action = ""
        if kind == NoteKind.DEVELOPMENT.value and rng.random() < 0.6:
            peers = [p.initials for p in self.people
                     if p is not person and p.employed(day) and p.weight >= 1.1]
            next_action = rng.choice(_NEXT_ACTIONS).format(peer=rng.choice(peers or ["CM"]))
        return {
            "boutique_id": self.b, "associate_id": person.id, "noted_at": noted,
            "moment": moment, "kind": kind, "text": text, "client_id": client,
            "standard": standard, "next_action": next_action, "author": self.manager,
        }

    # ---- follow-ups ---------------------------------------------------------------------
    def at_local(self, day: date) -> datetime:
        """A moment during the working day, local time, as UTC."""
        return self.clock.at(day, time(self.rng.randint(10, 18), self.rng.randrange(60)))

    def make_followups(self, client_ids: list[int], owner_ids: dict[str, int]) -> None:
        rng = self.rng
        today = self.today
        owned = [i for i, m in enumerate(self.client_meta) if m["owner"] is not None]
        vip = [i for i in owned if self.client_meta[i]["segment"] in ("VIC", "HJ")]
        hj = [i for i in vip if self.client_meta[i]["segment"] == "HJ"]
        regular = [i for i in owned if self.client_meta[i]["segment"] == "regular"]
        kinds = [k.value for k in _FOLLOWUP_KIND_WEIGHTS]
        kind_w = list(_FOLLOWUP_KIND_WEIGHTS.values())
        taken: set[tuple[int, str]] = set()

        def draft(pool: list[int]) -> tuple[int, str, str]:
            idx, kind = pool[0], kinds[0]
            for _ in range(8):
                kind = rng.choices(kinds, kind_w)[0]
                if kind == FollowUpKind.HJ_NEXT_STEP.value and pool is not vip:
                    kind = FollowUpKind.THANK_YOU.value
                idx = rng.choice(hj if kind == FollowUpKind.HJ_NEXT_STEP.value else pool)
                if (idx, kind) not in taken:
                    break
            taken.add((idx, kind))
            category = self.last_purchase.get(idx) or rng.choice(("jewelry", "watches", "bridal"))
            action = rng.choice(_FOLLOWUP_ACTIONS[kind]).format(piece=rng.choice(_PIECES[category]))
            return idx, kind, action

        def add(pool: list[int], due: date, status: str = FollowUpStatus.OPEN.value) -> None:
            idx, kind, action = draft(pool)
            created = min(due - timedelta(days=rng.randint(2, 21)), today - timedelta(days=1))
            row = {
                "boutique_id": self.b, "client_id": client_ids[idx],
                "owner_id": owner_ids[self.client_meta[idx]["owner"]], "kind": kind,
                "action": action, "due": due, "status": status, "outcome": "",
                "created_at": self.at_local(created), "done_at": None,
                "cancel_reason": "", "cancelled_at": None,
            }
            if status == FollowUpStatus.DONE.value:
                if rng.random() < 0.82:
                    done = due - timedelta(days=rng.randint(0, 3))
                else:
                    done = due + timedelta(days=rng.randint(1, 10))
                done = min(max(done, created), today - timedelta(days=1))
                row["outcome"] = rng.choice(_FOLLOWUP_OUTCOMES[kind])
                row["done_at"] = max(self.at_local(done), row["created_at"])
            elif status == FollowUpStatus.CANCELLED.value:
                row["cancel_reason"] = rng.choice(_CANCEL_REASONS)
                row["cancelled_at"] = max(self.at_local(min(due, today - timedelta(days=1))),
                                          row["created_at"])
            self.followups.append(row)

        for _ in range(25):
            add(vip, today - timedelta(days=rng.randint(1, 20)))
        for _ in range(5):  # the rules add today's thank-yous and key dates (_run_rules)
            add(vip, today)
        for _ in range(15):
            add(vip, today + timedelta(days=rng.randint(1, 3)))
        for _ in range(40):
            add(vip, today + timedelta(days=rng.randint(4, 60)))
        for due in (-rng.randint(1, 9), -rng.randint(1, 9), -rng.randint(1, 9), 0, 0,
                    *(rng.randint(1, 12) for _ in range(7))):
            add(regular, today + timedelta(days=due))
        taken.clear()  # done ones may repeat a kind for a client over a year
        for _ in range(400):
            pool = vip if rng.random() < 0.75 else regular
            add(pool, today - timedelta(days=rng.randint(1, 365)), FollowUpStatus.DONE.value)
        for _ in range(12):
            add(vip if rng.random() < 0.7 else regular,
                today + timedelta(days=rng.randint(-120, 20)), FollowUpStatus.CANCELLED.value)


_PREFERENCES = (
    "Yellow gold; no diamonds on everyday pieces", "Collects steel sports watches",
    "Rose gold, fine chains", "White gold and sapphires", "Prefers discreet pieces, no visible logo",
    "Loves colour: emeralds, tourmalines",
    "Buys gifts for her daughters each December", "Leather straps only; never a bracelet",
    "Platinum for bridal; traditional settings", "Vintage-inspired designs",
)
_SIZES = ("ring 50", "ring 52", "ring 54 · wrist 16 cm", "ring 56", "wrist 17 cm", "ring 49 · wrist 15 cm",
          "ring 60 · wrist 19 cm", "ring 53")
_CONTACT_NOTES = (
    "Called about the new collection", "Sent photos of the pieces she asked about",
    "Invited to see the new watches", "Wished a happy birthday", "Checked the after-sales repair went well",
    "Came by to try the bracelet again", "Message: will visit when back in Paris", "",
)


def _profiles(rng: random.Random, clients: list[Row], associate_ids: list[int], clock: Clock) -> None:
    """Preferences, sizes, anniversaries and a second owner, mostly for VIC and HJ clients; a
    few key dates fall in the coming week, so the rules and the portfolios show them."""
    today = clock.today()
    now = clock.now_utc()
    close = 0
    for row in clients:
        top = row["segment"] in ("VIC", "HJ")
        row.update(anniversary=None, sizes="", preferences="", second_owner_id=None, profile_updated_at=None)
        if not top and rng.random() > 0.08:
            continue
        row["preferences"] = rng.choice(_PREFERENCES)
        row["sizes"] = rng.choice(_SIZES) if rng.random() < 0.7 else ""
        row["profile_updated_at"] = max(now - timedelta(days=rng.randint(1, 300)), row["created_at"])
        if top and rng.random() < 0.3:
            years = rng.randint(3, 40)
            row["anniversary"] = _demo_date(today.year - years, today, rng.randrange(365))
            if close < 6 and row["owner_id"] is not None:
                row["anniversary"] = _demo_date(today.year - years, today, rng.randint(1, 6))
                close += 1
        others = [a for a in associate_ids if a != row["owner_id"]]
        if top and row["owner_id"] is not None and rng.random() < 0.25 and others:
            row["second_owner_id"] = rng.choice(others)


def _run_rules(session: Any, boutique_id: int, clock: Clock, rng: random.Random) -> None:
    """The rules of [followups] as if the console had started every day of the last few days:
    thank-yous and key dates, those of the past days done since."""
    now = clock.now()
    for back in range(_RULE_DAYS, -1, -1):
        day_clock = Clock(clock.settings, fixed=now.subtract(days=back))
        apply_rules(session, boutique_id, day_clock, clock.settings)
    today = clock.today()
    for f in session.scalars(select(FollowUp).where(FollowUp.boutique_id == boutique_id,
                                                    FollowUp.rule_key.is_not(None), FollowUp.due < today)):
        f.status, f.outcome = FollowUpStatus.DONE.value, rng.choice(_FOLLOWUP_OUTCOMES[f.kind])
        f.done_at = max(clock.at(f.due, time(rng.randint(11, 17), rng.randrange(60))), f.created_at)
    session.flush()


_RULE_DAYS = 3


def _demo_date(year: int, today: date, offset: int) -> date:
    """`today` moved `offset` days ahead, in `year` (29 February becomes the 28th)."""
    day = today + timedelta(days=offset)
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def _contacts(rng: random.Random, clients: list[Row], ids: list[int], clock: Clock) -> list[Row]:
    """A year of calls, messages and visits logged for VIC and HJ clients; a few this week,
    so the over-solicitation guard has something to warn about."""
    now = clock.now_utc()
    rows: list[Row] = []
    for client, cid in zip(clients, ids, strict=True):
        if client["segment"] not in ("VIC", "HJ") or client["owner_id"] is None:
            continue
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            days = rng.randint(1, 360) if rng.random() > 0.04 else rng.randint(0, 4)
            at = max(now.replace(second=0, microsecond=0) - timedelta(days=days, minutes=rng.randint(0, 480)),
                     client["created_at"])
            rows.append({"boutique_id": client["boutique_id"], "client_id": cid,
                         "associate_id": client["owner_id"], "contacted_at": min(at, now),
                         "channel": rng.choice(("phone", "phone", "email", "sms", "visit")),
                         "note": rng.choice(_CONTACT_NOTES)})
    return rows


_CONSENT_ODDS = {"email": 0.8, "phone": 0.7, "sms": 0.45, "mail": 0.5}
_CONSENT_SOURCES = ("in boutique", "in boutique", "CRM import", "web form")


def _consents(
    rng: random.Random, boutique_id: int, clients: list[Row], ids: list[int], now: datetime
) -> list[Row]:
    """Consent per channel, as a CRM holds it: most VICs reachable by e-mail and phone, some
    prospects by nothing, a few withdrawals recorded later."""
    rows: list[Row] = []
    for client, cid in zip(clients, ids, strict=True):
        keen = 1.0 if client["segment"] in ("VIC", "HJ") else 0.7
        for channel, odds in _CONSENT_ODDS.items():
            if rng.random() >= odds * keen:
                continue
            source = rng.choice(_CONSENT_SOURCES)
            rows.append({"boutique_id": boutique_id, "client_id": cid, "channel": channel,
                         "granted": True, "recorded_at": client["created_at"], "source": source,
                         "recorded_by": "SM"})
            withdrawn = client["created_at"] + timedelta(days=90)
            if rng.random() < 0.04 and withdrawn < now:
                rows.append({"boutique_id": boutique_id, "client_id": cid, "channel": channel,
                             "granted": False, "recorded_at": withdrawn,
                             "source": "phone call", "recorded_by": "SM"})
    return rows


_FOCUS = (
    ("The Panthère", "Born in 1914: tell the story of the panther before showing the piece."),
    ("Love bracelet", "A ritual, not a purchase: the screwdriver, the couple, the promise."),
    ("Tank watch", "1917, the view of a tank from above: let the client feel the case on the wrist."),
    ("Juste un Clou", "A nail turned into jewelry: irreverence from 1970s New York."),
    ("Trinity ring", "Three golds, three feelings: offer to try it with another ring."),
    ("Holiday gifting", "Prepare the gift wraps in advance; propose engraving for every piece."),
    ("Bridal season", "Solitaire first, then the wedding band: book a second visit for the couple."),
    ("High Jewelry private viewing", "Invite the HJ clients personally; one associate per guest."),
)
_EVENTS = (
    ("High Jewelry private viewing", "Salon, 1st floor"), ("Holiday gifting evening", "Boutique"),
    ("Watchmaking masterclass", "Salon, 1st floor"), ("New collection preview", "Boutique"),
    ("Bridal afternoon", "Bridal salon"),
)
_EVENT_THEMES = {
    "High Jewelry private viewing": ("Emeralds of the new High Jewelry collection", "Hôtel Rivoli"),
    "Holiday gifting evening": ("Gifts for the season, engraving on the spot",
                                "Maison de champagne Brut Rivoli"),
}
_PURPOSES = (
    "Second fitting of the solitaire", "Present the HJ sketch", "Watch collection after service",
    "Anniversary gift selection", "Engraving proof to approve", "Discover the new collection",
    "Resizing ready: collect the ring", "Private viewing of the necklace",
)
_PREPARE = (
    "Solitaire 1.2 ct in 52 and 53", "The gouache and the emerald drop earrings", "Two steel chronographs",
    "Tray of pearl earrings and a sautoir", "The engraving proof", "Three rings from the new collection", "",
)
# Visits of the last days, closed: most came, a few did not.
_OUTCOMES = (
    ("done", "Tried the pieces; will decide after the holidays"), ("done", "Bought the ring; thank-you due"),
    ("done", "Loved the sketch; quotation to send"), ("no-show", "No answer on the phone; message left"),
)
_COMMENTS_LOW = (
    "Waited a long time before being greeted.", "The repair took longer than promised.",
    "Felt rushed during the presentation.", "No follow-up after my visit.",
)
_COMMENTS_HIGH = (
    "Exceptional welcome, thank you.", "Sophie made the moment unforgettable.",
    "Perfect advice on the watch.", "A beautiful experience, as always.", "",
)
_DAY_SUMMARIES = (
    "A calm morning, a strong afternoon carried by watches.",
    "Two High Jewelry conversations moving forward; follow-ups on time.",
    "Traffic was high but conversion low: more welcome coaching tomorrow.",
)


def _rituals(
    rng: random.Random, builder: Any, client_ids: list[int], owner_ids: dict[str, int], now: datetime
) -> dict[type, list[Row]]:
    """What the rituals read: survey answers, appointments, events, focus stories, summaries."""
    b, clock, today = builder.b, builder.clock, builder.today
    vip = [(client_ids[i], owner_ids[m["owner"]]) for i, m in enumerate(builder.client_meta)
           if m["segment"] in ("VIC", "HJ") and m["owner"] is not None]
    rows: dict[type, list[Row]] = {SatisfactionScore: [], Appointment: [], Event: [], FocusStory: [],
                                   DaySummary: [], FollowUp: []}
    response = 500_000
    visits = random.Random(len(client_ids))  # appointments' details: see below
    for d in sorted(builder.days):
        if (today - d).days > 180 or d > today:
            continue
        for shift in builder.days[d].shifts:
            if rng.random() > 0.35:
                continue
            received = shift.starts + timedelta(minutes=rng.randint(30, 240))
            if received > now:
                continue
            low = rng.random() < 0.12
            client, _ = rng.choice(vip)
            response += rng.randint(1, 40)
            rows[SatisfactionScore].append({
                "boutique_id": b, "response_id": f"SV{response}",
                "measure": rng.choice(("CER", "FTR", "CARE")),
                "score": float(rng.randint(3, 7) if low else rng.randint(8, 10)), "received_at": received,
                "associate_id": shift.person.id, "client_id": client,
                "comment": rng.choice(_COMMENTS_LOW if low else _COMMENTS_HIGH),
            })
    for offset in range(0, 8):
        day = today + timedelta(days=offset)
        opening = clock.opening(day)
        if opening is None:
            continue
        for _ in range(rng.randint(2, 4)):
            client, owner = rng.choice(vip)
            starts = opening[0] + timedelta(minutes=30 * rng.randint(1, 14))
            rows[Appointment].append({"boutique_id": b, "client_id": client, "associate_id": owner,
                                      "starts_at": starts, "purpose": rng.choice(_PURPOSES),
                                      "status": "booked", "prepare": visits.choice(_PREPARE), "outcome": ""})
    for offset in range(-4, 0):  # its own generator: the rest of the demo draws what it always drew
        opening = clock.opening(today + timedelta(days=offset))
        if opening is None:
            continue
        client, owner = visits.choice(vip)
        status, outcome = visits.choice(_OUTCOMES)
        rows[Appointment].append({"boutique_id": b, "client_id": client, "associate_id": owner,
                                  "starts_at": opening[0] + timedelta(minutes=30 * visits.randint(1, 14)),
                                  "purpose": visits.choice(_PURPOSES), "status": status,
                                  "prepare": visits.choice(_PREPARE), "outcome": outcome})
    for i, (title, place) in enumerate(_EVENTS):
        day = today + timedelta(days=3 + 6 * i)
        theme, partners = _EVENT_THEMES.get(title, ("", ""))
        rows[Event].append({"boutique_id": b, "title": title, "place": place, "theme": theme,
                            "partners": partners, "starts_at": clock.at(day, time(18, 30))})
    week = Clock.week_first(today)
    for i in range(8):
        title, text = _FOCUS[i % len(_FOCUS)]
        rows[FocusStory].append({"boutique_id": b, "week_start": week - timedelta(weeks=i),
                                 "title": title, "text": text})
    opening = clock.opening(today)
    if opening is not None and now > opening[0] + timedelta(hours=1):
        for kind, action, outcome in (
            ("thank-you", "Thank-you call for the anniversary ring",
             "Called; delighted, will come back in May"),
            ("after-sales", "Watch back from service: call to collect",
             "Collected this morning, strap adjusted"),
            ("event-invitation", "Invite to the private viewing", "Accepted for two"),
        ):
            client, owner = rng.choice(vip)
            done = opening[0] + timedelta(minutes=rng.randint(20, 60))
            rows[FollowUp].append({"boutique_id": b, "client_id": client, "owner_id": owner, "kind": kind,
                                   "action": action, "due": today, "status": "done", "outcome": outcome,
                                   "created_at": clock.at(today - timedelta(days=5), time(11)),
                                   "done_at": min(done, now)})
    for back in range(1, 4):
        day = today - timedelta(days=back)
        rows[DaySummary].append({"boutique_id": b, "day": day, "text": _DAY_SUMMARIES[back - 1],
                                 "updated_at": clock.at(day, time(19, 15)), "author": "SM"})
    return rows


# -- developing the team -------------------------------------------------------------------------
# initials -> (days since the last one-to-one held or None, next one booked in N days or None)
_ONE_TO_ONES = {
    "SOP": (12, 16), "CM": (20, 9), "TD": (41, None), "AH": (8, 21), "YT": (26, 3), "WL": (15, 14),
    "LC": (22, 6), "MR": (6, 8), "IS": (34, 1), "NK": (30, -2),
}
_SHARED = (
    "Good month on clienteling; keep the weekly call list going.",
    "Storytelling on the icons is strong; work on the close, let silence do its work.",
    "Talked about the bridal season and who to invite to the private viewing.",
    "Review of the VIC portfolio: three clients to re-engage before Christmas.",
    "Agreed to shadow a High Jewelry appointment and debrief together.",
    "Product knowledge on the new watches: one module a week until the launch.",
)
_PRIVATE = ("Seems tired; check the schedule before the weekend.", "Ready for more responsibility.",
            "", "Frustrated about the target split; explain the hours rule again.", "")
_ACTIONS = (
    "Call the five top VICs of the portfolio", "Finish the watch movement module",
    "Prepare the list for the private viewing", "Debrief the High Jewelry appointment",
    "Send three handwritten thank-you cards", "Shadow Camille on two openings",
)
# initials -> (performance, potential) of the latest review, spread over the 9-box
_TALENT = {
    "SOP": ("high", "high"), "CM": ("high", "medium"), "TD": ("medium", "medium"), "AH": ("high", "low"),
    "YT": ("medium", "high"), "WL": ("high", "medium"), "LC": ("medium", "medium"), "MR": ("low", "medium"),
    "IS": ("medium", "low"), "NK": ("low", "high"),
}
_SLATES = (
    ("Floor Manager", "SOP", "ready-now", "medium"), ("Floor Manager", "WL", "1-2-years", "low"),
    ("Sales Manager", "CM", "ready-now", "high"), ("Sales Manager", "SOP", "1-2-years", "medium"),
    ("Senior Sales Associate", "YT", "1-2-years", "low"),
    ("Senior Sales Associate", "LC", "1-2-years", "medium"),
    ("Senior Sales Associate", "NK", "3-plus-years", "low"),
)


def _people(session: Any, b: int, rng: random.Random, clock: Clock, ids: dict[str, int]) -> int:
    """One-to-ones (held, booked, one missed), their actions (some late), reviews for everyone,
    two IDPs, one PMP with its checkpoints, and the succession slates. Returns the rows added."""
    today = clock.today()
    settings = clock.settings
    rows: list[Any] = []

    def moment(days_ago: int, hh: int = 10) -> datetime:
        return clock.at(today - timedelta(days=days_ago), time(hh, rng.choice((0, 30))))

    talks: list[tuple[str, int, int, OneToOne]] = []
    for initials, (held_ago, next_in) in _ONE_TO_ONES.items():
        aid = ids[initials]
        for k, ago in enumerate((held_ago + 56, held_ago + 28, held_ago)):
            when = moment(ago)
            talks.append((initials, k, ago, OneToOne(
                boutique_id=b, associate_id=aid, scheduled_at=when, held_at=when + timedelta(minutes=40),
                shared_notes=rng.choice(_SHARED), private_notes=rng.choice(_PRIVATE))))
        if next_in is not None:
            session.add(OneToOne(boutique_id=b, associate_id=aid, scheduled_at=moment(-next_in, 17)))
    session.add_all([talk for *_, talk in talks])
    session.flush()  # one flush for all: the actions need the one-to-ones' ids
    for initials, k, ago, talk in talks:
        due = today - timedelta(days=ago) + timedelta(days=14)
        late = initials in ("MR", "YT") and k == 2
        done = due < today - timedelta(days=3) and not late
        rows.append(Action(boutique_id=b, associate_id=talk.associate_id, one_to_one_id=talk.id,
                           text=rng.choice(_ACTIONS), created_at=talk.held_at,
                           due=today - timedelta(days=3 if initials == "MR" else 6) if late else due,
                           done_at=clock.at(due - timedelta(days=2), time(17)) if done else None))

    period = f"{today.year} H1" if today.month > 6 else f"{today.year - 1} H2"
    earlier = f"{today.year - 1} H2" if today.month > 6 else f"{today.year - 1} H1"
    for initials, (perf, pot) in _TALENT.items():
        base = {"low": 2, "medium": 3, "high": 4}[perf]
        for name, days_ago, shift in ((earlier, 300, -1 if perf == "high" else 0), (period, 120, 0)):
            ratings = {c: max(1, min(5, base + shift + rng.choice((-1, 0, 0, 1))))
                       for c in settings.competencies}
            rows.append(Review(boutique_id=b, associate_id=ids[initials], period=name,
                               reviewed_on=today - timedelta(days=days_ago), ratings=json.dumps(ratings),
                               overall=max(1, min(5, base + shift)),
                               performance=perf if name == period or perf != "high" else "medium",
                               potential=pot,
                               comment="" if name != period else f"{_TEAM_NAMES[initials]}: "
                               + {"high": "a reference for the team.", "medium": "solid, growing.",
                                  "low": "below standard on conversion; a plan agreed."}[perf]))

    plans: list[tuple[DevelopmentPlan, list[tuple[str, str, int, str]], list[tuple[int, str]]]] = []

    def plan(initials: str, kind: str, title: str, started: int, ends: int | None,
             goals: list[tuple[str, str, int, str]], checks: list[tuple[int, str]],
             status: str = "open", outcome: str = "") -> None:
        row = DevelopmentPlan(boutique_id=b, associate_id=ids[initials], kind=kind, title=title,
                              started_on=today - timedelta(days=started),
                              ends_on=today + timedelta(days=ends) if ends is not None else None,
                              status=status, outcome=outcome,
                              closed_on=today - timedelta(days=30) if status == "closed" else None)
        plans.append((row, goals, checks))

    plan("SOP", "idp", "Towards Floor Manager", 90, 90,
         [("Lead two morning briefings a week", "briefings led", 20, "open"),
          ("Mentor Nadia on clienteling", "Nadia's capture rate", 45, "open"),
          ("Run the bridal event", "event held, 12 guests", -20, "met")],
         [(-60, "Briefings going well; the team listens."), (-25, "Took the floor on Saturday alone.")])
    plan("WL", "idp", "High Jewelry expertise", 60, 60,
         [("Present two High Jewelry pieces alone", "appointments led", 5, "open"),
          ("Gemmology module 2", "certificate", 40, "open")],
         [(-30, "First HJ appointment co-led with Amira.")])
    plan("CM", "idp", "Store operations course", 240, None,
         [("Complete the operations course", "certificate", -60, "met")],
         [(-120, "Course halfway.")], status="closed", outcome="completed")
    plan("MR", "pmp", "Back to standard: conversion and clienteling", 40, 50,
         [("Capture rate at 60% or more", "capture rate, 4 weeks", 10, "open"),
          ("Two clienteling calls a day", "calls logged", -5, "open")],
         [(-26, "Slow start; calls not logged yet."), (-12, "Better: capture at 52%."), (-3, ""), (16, "")])
    session.add_all([row for row, _, _ in plans])
    session.flush()  # the goals and check-ins need the plans' ids
    for row, goals, checks in plans:
        for text, measure, due_in, state in goals:
            rows.append(PlanGoal(boutique_id=b, plan_id=row.id, text=text, measure=measure,
                                 due=today + timedelta(days=due_in), status=state))
        for due_in, note in checks:
            day = today + timedelta(days=due_in)
            rows.append(PlanCheckIn(boutique_id=b, plan_id=row.id, due=day if row.kind == "pmp" else None,
                                    noted_at=clock.at(day, time(18)) if note else None, note=note))
    for role, initials, readiness, risk in _SLATES:
        rows.append(SuccessionCandidate(boutique_id=b, role=role, associate_id=ids[initials],
                                        readiness=readiness, flight_risk=risk))
    session.add_all(rows)
    session.flush()
    return len(rows)


_TEAM_NAMES = {t[0]: t[1] for t in _TEAM}


_HJ_PIECES = (
    ("Emerald parure, necklace and earrings", 86_000_000), ("Sapphire rivière", 42_000_000),
    ("One-of-a-kind ruby cocktail ring", 18_500_000), ("Diamond tiara for a wedding", 64_000_000),
    ("Tutti frutti bracelet", 29_000_000), ("Pearl sautoir with a diamond clasp", 23_500_000),
    ("Panther brooch, onyx and emeralds", 14_800_000), ("Yellow diamond solitaire", 95_000_000),
    ("Aquamarine and diamond necklace", 31_000_000), ("Spinel and opal earrings", 12_600_000),
)
# stage, next step, its day relative to today (None: no step)
_HJ_STEPS = (
    ("interest", "Invite to see the emerald stones", 3), ("interest", "Call after the private viewing", 9),
    ("design", "Present the gouache", -1), ("design", "Second sketch with the workshop", 0),
    ("proposal", "Send the quotation and the stones' certificates", 2),
    ("proposal", "Decision meeting with the client and her husband", 6),
    ("order", "Fitting of the wax model", 12), ("order", "Deposit received: confirm the delivery date", 1),
    ("delivered", "", None), ("lost", "", None),
)
_PARTNERSHIPS = (
    (-75, "Hôtel Rivoli", "Concierge breakfast: the season's pieces presented to 14 concierges",
     "Two client referrals in October"),
    (-52, "École des Arts Joailliers", "Gemology evening for VIC clients, led by a teacher of the school",
     "22 guests; three asked for the HJ catalogue"),
    (-31, "Children's hospital foundation", "Charity auction: a pendant donated, engraved by our workshop",
     "Sold for € 18,000 to the foundation"),
    (-12, "Rue Saint-Honoré merchants", "Christmas lighting of the street, boutique open until 21:00",
     "Traffic +40 % that evening"),
    (-4, "Maison de champagne Brut Rivoli", "Tasting planned for the gifting evening",
     "Confirmed for 40 guests"),
)


def _clienteling(
    session: Any, store: Store, clock: Clock, rng: random.Random, builder: Any, client_ids: list[int],
    scores: list[Row],
) -> None:
    """The client work on top: an HJ pipeline, a holiday gifting plan partly done, event guest
    lists (a past event whose attendees bought, an upcoming one) and the partnerships log.

    The opportunities go through the service, so each next step has its follow-up; the plan's
    clients are picked by the plan's own selection, so only consented channels are listed. The
    rest is written in bulk, like the rest of the demo.
    """
    b, now, today = store.boutique_id, clock.now_utc(), builder.today
    meta = builder.client_meta
    owned = [(client_ids[i], m["segment"]) for i, m in enumerate(meta) if m["owner"] is not None]
    hj = [c for c, segment in owned if segment == "HJ"]
    vip = [c for c, segment in owned if segment in ("VIC", "HJ")]
    for (piece, estimate), (stage, step, days), client in zip(_HJ_PIECES, _HJ_STEPS, rng.sample(hj, 10),
                                                              strict=True):
        clienteling.add_opportunity(
            session, b, client_id=client, estimate=estimate, stage=stage, piece=piece, next_step=step,
            next_step_due=today + timedelta(days=days) if days is not None else None,
            now=now - timedelta(days=rng.randint(3, 90)))

    # Recovery follow-ups for the low answers of the last eight weeks, as the import writes them.
    people = {p.initials: p.id for p in builder.people}
    owner_of = {client_ids[i]: people[m["owner"]] for i, m in enumerate(meta) if m["owner"] is not None}
    recoveries: list[Row] = []
    for row in scores:
        measure = clock.settings.measure(row["measure"])
        recent = row["received_at"] >= now - timedelta(weeks=8)
        if measure is None or not measure.alert(row["score"]) or not recent:
            continue
        due = clock.local(row["received_at"]).date() + timedelta(days=1)
        comment = f" — {row['comment']}" if row["comment"] else ""
        done = due < today - timedelta(days=6)  # the last week's still open: on the radar
        recoveries.append({
            "boutique_id": b, "client_id": row["client_id"], "owner_id": owner_of[row["client_id"]],
            "kind": FollowUpKind.RECOVERY.value,
            "action": f"Recovery: {row['measure']} {row['score']:g}{comment}",
            "due": due, "status": FollowUpStatus.DONE.value if done else FollowUpStatus.OPEN.value,
            "outcome": "Manager called, courtesy polishing offered" if done else "",
            "created_at": row["received_at"], "done_at": clock.at(due, time(12)) if done else None,
        })

    starts = today - timedelta(days=20)
    selection = clienteling.Selection(segments=("VIC",))
    plan = ClientelingPlan(boutique_id=b, name="Holiday gifting", starts=starts,
                           ends=starts + timedelta(days=44),
                           attribution_days=clock.settings.clienteling_attribution_days, segments="VIC",
                           created_at=clock.at(starts, time(9)), created_by=builder.manager)
    session.add(plan)
    session.flush()
    bought: dict[int, list[datetime]] = {}
    for sale in builder.sales:
        if sale["client_id"] is not None and sale["amount"] > 0:
            bought.setdefault(sale["client_id"], []).append(sale["sold_at"])
    first = clock.at(starts, time(11))
    outcomes = ("Sent the gift guide; will come on Saturday", "Called: gift for her daughter, visit booked",
                "Message left, gift wrap offered", "Invited to the gifting evening")
    actions: list[Row] = []
    for c in clienteling.select_clients(session, b, clock, selection).candidates:
        row = {"boutique_id": b, "plan_id": plan.id, "client_id": c.client_id, "associate_id": c.owner_id,
               "channels": ",".join(c.channels), "status": ActionStatus.PENDING.value, "channel": "",
               "outcome": "", "done_at": None}
        actions.append(row)
        after = [t for t in bought.get(c.client_id, []) if first + timedelta(days=1) < t <= now]
        if not after and rng.random() > 0.35:
            continue
        contact = (min(after) - timedelta(hours=rng.randint(20, 120))) if after else \
            first + (now - first) * rng.random()
        row.update(status=ActionStatus.DONE.value, channel=rng.choice(c.channels),
                   outcome=rng.choice(outcomes), done_at=max(min(contact, now), first))

    evening = today - timedelta(days=9)
    while not clock.is_selling_day(evening):
        evening -= timedelta(days=1)
    past = Event(boutique_id=b, title="Autumn collection cocktail", starts_at=clock.at(evening, time(18, 30)),
                 place="Boutique", theme="The autumn pieces, engraving on the spot",
                 partners="Maison de champagne Brut Rivoli, Atelier de gravure Saint-Honoré")
    session.add(past)
    session.flush()
    window = timedelta(days=clock.settings.event_attribution_days)
    buyers = [c for c in vip if any(past.starts_at <= t < past.starts_at + window for t in bought.get(c, []))]
    guests = rng.sample(buyers, min(8, len(buyers))) + rng.sample([c for c in vip if c not in buyers], 16)
    invitations = [
        {"boutique_id": b, "event_id": past.id, "client_id": client, "associate_id": owner_of[client],
         "status": "attended" if n < 8 or n % 3 == 0 else ("no-show" if n % 3 == 1 else "invited"),
         "updated_at": past.starts_at}
        for n, client in enumerate(guests)
    ]
    upcoming = session.scalars(select(Event.id).where(Event.boutique_id == b, Event.starts_at > now)
                               .order_by(Event.starts_at)).first()
    if upcoming is not None:
        invitations += [
            {"boutique_id": b, "event_id": upcoming, "client_id": client, "associate_id": owner_of[client],
             "status": "confirmed" if n % 2 == 0 else "invited",
             "updated_at": now - timedelta(days=1 + n % 5)}
            for n, client in enumerate(rng.sample(hj, 12))
        ]
    community = [
        {"boutique_id": b, "day": today + timedelta(days=days), "partner": partner, "what": what,
         "outcome": outcome, "created_at": now}
        for days, partner, what, outcome in _PARTNERSHIPS
    ]
    for model, rows in ((FollowUp, recoveries), (ClientelingAction, actions), (Invitation, invitations),
                        (CommunityAction, community)):
        if rows:
            session.execute(insert(model), rows)


def build_demo(store: Store, clock: Clock, seed: int = 7) -> DemoSummary:
    """Fill an empty store with a live-looking boutique: two years up to `clock.now()`.

    Deterministic for a given seed and moment; nothing is dated after now. All rows are
    written in one transaction with bulk inserts, so a half-built demo never exists.
    """
    if not clock.hours:
        # Settings() built by hand has no hours (parse_settings fills the defaults): every day
        # would be closed and the demo would show no sales at all, which looks like a bug.
        raise ValueError("demo: the boutique has no opening hours; use parse_settings() defaults")
    builder = _Builder(store, clock, seed)
    with store.write() as session:
        team = builder.team()
        session.execute(insert(Associate), team)
        ids: dict[str, int] = {
            initials: aid for initials, aid in session.execute(
                select(Associate.initials, Associate.id)
                .where(Associate.boutique_id == store.boutique_id))
        }
        for p in builder.people:
            p.id = ids[p.initials]

        builder.make_clients()
        builder.calendar()
        builder.make_sales()
        builder.make_targets()

        # A client entered during the two years was created at the till, at the first purchase.
        for idx, first in builder.first_purchase.items():
            row = builder.clients[idx]
            if builder.client_meta[idx]["created"] >= builder.first:
                row["created_at"] = first
        for row in builder.clients:
            row["owner_id"] = ids[row["owner_id"]] if row["owner_id"] else None
        active_ids = [p.id for p in builder.people if p.left is None and p.id is not None]
        _profiles(random.Random(seed + 303), builder.clients, active_ids, clock)
        session.execute(insert(Client.__table__), builder.clients)
        by_number: dict[str, int] = {
            number: cid for number, cid in session.execute(
                select(Client.number, Client.id).where(Client.boutique_id == store.boutique_id))
        }
        client_ids = [by_number[row["number"]] for row in builder.clients]
        for row in builder.sales:
            if row["client_id"] is not None:
                row["client_id"] = client_ids[row["client_id"]]

        builder.make_notes(client_ids)
        builder.make_followups(client_ids, ids)
        # A separate stream, so adding consents leaves every other demo row as it was.
        consents = _consents(random.Random(seed + 101), store.boutique_id, builder.clients, client_ids,
                             clock.now_utc())
        extra = _rituals(random.Random(seed + 202), builder, client_ids, ids, clock.now_utc())
        extra[ClientContact] = _contacts(random.Random(seed + 404), builder.clients, client_ids, clock)

        shifts = [
            {"boutique_id": store.boutique_id, "associate_id": s.person.id,
             "starts_at": s.starts, "ends_at": s.ends}
            for d in builder.days.values() for s in d.shifts
        ]
        for model, rows in ((Shift, shifts), (Sale, builder.sales), (Traffic, builder.traffic),
                            (Target, builder.targets), (CoachingNote, builder.notes),
                            (FollowUp, builder.followups), (ClientConsent, consents), *extra.items()):
            if rows:
                session.execute(insert(model.__table__), rows)
        refresh_channels(session, (c["client_id"] for c in consents))
        _people(session, store.boutique_id, random.Random(seed + 303), clock, ids)
        _clienteling(session, store, clock, random.Random(seed + 404), builder, client_ids,
                     extra[SatisfactionScore])
        _run_rules(session, store.boutique_id, clock, random.Random(seed + 505))

    return DemoSummary(
        associates=len(team),
        clients=len(builder.clients),
        vic_clients=sum(1 for r in builder.clients if r["segment"] == Segment.VIC.value),
        sales_lines=len(builder.sales),
        receipts=builder.receipt_count,
        coaching_notes=len(builder.notes),
        followups=len(builder.followups),
        targets=len(builder.targets),
        shifts=len(shifts),
        traffic_hours=len(builder.traffic),
    )
