"""Clients on screen: a search with live results, the client file, an associate's portfolio.

Every screen loads in a thread worker that posts one message; discreet mode masks whatever
identifies a client (name, contacts, key dates, preferences, free text) and the amounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...models import Associate
from ...services.clients import (
    ClientFile,
    ClientHit,
    Portfolio,
    PortfolioClient,
    State,
    client_file,
    format_cell,
    portfolio,
    search_clients,
    shown_day,
    shown_email,
    shown_name,
    shown_phone,
    shown_private,
)
from ...services.team import list_associates
from ..keys import QUIET_APP_KEYS
from ..modals.capture import FollowUpModal
from ..modals.clients import ContactModal, PickAssociateModal, ProfileModal, ReassignClientsModal
from ..modals.followup_actions import CancelModal, DoneModal, FollowUpActionModal, SnoozeModal
from ..reloaded import Reloaded
from ..widgets.footer import KeysFooter
from ..widgets.panes import Palette, highlighted_key
from .dashboard import TopBar

if TYPE_CHECKING:
    from ..app import FloorconApp

SEARCH_LIMIT = 50
NUMERIC = ("money", "number", "percent", "score")


class ClientWorkScreen(Screen):
    """What the clients' screens share: the app, and how to open a client's file. Each one
    reloads from the store (`reload`) and lays out again in discreet mode (`redraw`)."""

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def open_client(self, client_id: int | None) -> None:
        if client_id is not None:
            self.app.push_screen(ClientFileScreen(client_id))

    def action_back(self) -> None:
        self.app.pop_screen()

    def money(self, minor: int | None) -> str:
        return format_cell(minor, "money", self.fc.settings, self.fc.clock, self.fc.discreet)


# -- search ------------------------------------------------------------------------------------


class ClientsFound(Reloaded):
    def __init__(self, text: str, hits: list[ClientHit]) -> None:
        super().__init__()
        self.text, self.hits = text, hits


class TeamLoaded(Reloaded):
    def __init__(self, associates: list[Associate]) -> None:
        super().__init__()
        self.associates = associates


class ClientsScreen(ClientWorkScreen):
    """Find a client as you type; or open an associate's portfolio."""

    ACTION: ClassVar[str] = "clients"  # the app's action that opens it

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("down", "results", "Results", show=False),
        Binding("slash", "search_box", "Search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[ClientHit] = []
        self.text = ""

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static(Text(" Clients", style="bold"), id="clients-title")
        with Horizontal(id="clients-body"):
            with Vertical(id="clients-search"):
                yield Input(placeholder="name, client number, phone or e-mail — accents and typos forgiven",
                            id="client-search")
                results = DataTable(id="client-results", cursor_type="row", zebra_stripes=True)
                results.border_title = "Clients"
                yield results
            team = DataTable(id="portfolios", cursor_type="row", zebra_stripes=True)
            team.border_title = "Portfolios"
            yield team
        yield KeysFooter()

    def on_mount(self) -> None:
        results = self.query_one("#client-results", DataTable)
        results.add_column("Number", key="number", width=9)
        results.add_column("Name", key="name", width=30)
        results.add_column("Seg.", key="segment", width=8)
        results.add_column("SA", key="owner", width=4)
        results.add_column("Matched on", key="matched", width=10)
        team = self.query_one("#portfolios", DataTable)
        team.add_column("SA", key="sa", width=4)
        team.add_column("Associate", key="name", width=22)
        self.query_one("#client-search", Input).focus()
        self.reload()

    def reload(self) -> None:
        self.search(self.text)
        self.load_team()

    @on(Input.Changed, "#client-search")
    def _typed(self, event: Input.Changed) -> None:
        self.text = event.value
        self.search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def search(self, text: str) -> None:
        app = self.fc
        with app.store.read() as session:
            hits = search_clients(session, app.store.boutique_id, text, SEARCH_LIMIT)
        self.post_message(ClientsFound(text, hits))

    @work(thread=True, exclusive=True, group="team")
    def load_team(self) -> None:
        app = self.fc
        with app.store.read() as session:
            everyone = list_associates(session, app.store.boutique_id, active_only=False)
        self.post_message(TeamLoaded(everyone))

    @on(ClientsFound)
    def _found(self, message: ClientsFound) -> None:
        if message.superseded or message.text != self.text:
            return  # an older search finished after a newer one
        self.hits = message.hits
        self.redraw()

    @on(TeamLoaded)
    def _team(self, message: TeamLoaded) -> None:
        if message.superseded:
            return
        team = self.query_one("#portfolios", DataTable)
        team.clear()
        muted = Palette(self.app.theme_variables).muted
        for a in message.associates:
            style = "" if a.active else muted
            name = a.name + ("" if a.active else " (left)")
            team.add_row(Text(a.initials, style=style), Text(name, style=style), key=str(a.id))

    def redraw(self) -> None:
        table = self.query_one("#client-results", DataTable)
        table.clear()
        colours = Palette(self.app.theme_variables)
        for h in self.hits:
            table.add_row(h.number, shown_name(h.name, self.fc.discreet),
                          Text(h.segment, style=colours.accent if h.segment in ("VIC", "HJ") else ""),
                          h.owner, Text(h.matched, style=colours.muted), key=str(h.id))
        n = len(self.hits)
        table.border_title = (f"Clients · {n}{'+' if n == SEARCH_LIMIT else ''} found" if self.text.strip()
                              else "Clients")

    @on(Input.Submitted, "#client-search")
    def _submitted(self) -> None:
        if self.hits:
            self.open_client(self.hits[0].id)

    @on(DataTable.RowSelected, "#client-results")
    def _picked(self, event: DataTable.RowSelected) -> None:
        self.open_client(int(event.row_key.value or 0) or None)

    @on(DataTable.RowSelected, "#portfolios")
    def _portfolio(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(PortfolioScreen(int(event.row_key.value or 0)))

    def action_results(self) -> None:
        self.query_one("#client-results", DataTable).focus()

    def action_search_box(self) -> None:
        self.query_one("#client-search", Input).focus()


# -- the client file ---------------------------------------------------------------------------


class FileLoaded(Reloaded):
    def __init__(self, file: ClientFile) -> None:
        super().__init__()
        self.file = file


class ClientFileScreen(ClientWorkScreen):
    """Everything about one client: profile and consent, then each section of the file."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("e", "profile", "Edit profile"),
        Binding("f", "followup", "Follow-up"),
        Binding("d", "on_followup('done')", "Done"),
        Binding("z", "on_followup('snooze')", "Snooze"),
        Binding("x", "on_followup('cancel')", "Cancel"),
        Binding("l", "contact", "Log contact"),
        Binding("o", "owner", "New owner"),
        Binding("B", "brief", "Brief"),
        *QUIET_APP_KEYS,
    ]
    KIND = ""  # said before the client's name in the title ("Brief · ")

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.file: ClientFile | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="client-file-title")
        with VerticalScroll(id="client-file-body"):
            yield Static("", id="file-profile")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="file")
    def reload(self) -> None:
        app = self.fc
        with app.store.read() as session:
            found = client_file(session, app.store.boutique_id, self.client_id, app.clock, app.settings)
        self.post_message(FileLoaded(found))

    @on(FileLoaded)
    def _loaded(self, message: FileLoaded) -> None:
        if message.superseded:
            return
        first = self.file is None
        self.file = message.file
        if first:
            body = self.query_one("#client-file-body", VerticalScroll)
            for section in message.file.sections:
                table = DataTable(id=f"section-{section.key}", classes="file-section", cursor_type="row",
                                  zebra_stripes=True)
                for column in section.columns:
                    table.add_column(column.title, key=column.key)
                body.mount(table)
        self.redraw()

    def redraw(self) -> None:
        if self.file is None:
            return
        p = self.file.profile
        d = self.fc.discreet
        colours = Palette(self.app.theme_variables)
        title = Text.assemble(f" {self.KIND}", (shown_name(p.name, d), "bold"), f"  {p.number}  ",
                              (p.segment, colours.accent), f"  · {p.state}")
        self.query_one("#client-file-title", Static).update(title)
        self.query_one("#file-profile", Static).update(self._profile(colours))
        settings, clock = self.fc.settings, self.fc.clock
        for section in self.file.sections:
            table = self.query_one(f"#section-{section.key}", DataTable)
            table.border_title = f"{section.title} · {len(section.rows)}" if section.rows else section.title
            table.clear()
            for i, row in enumerate(section.rows):
                cells = [Text(format_cell(v, c.kind, settings, clock, d),
                              justify="right" if c.kind in NUMERIC else "left")
                         for c, v in zip(section.columns, row, strict=True)]
                table.add_row(*cells, key=str(i))
            if not section.rows:
                table.add_row(*[Text(section.empty, style=colours.muted) if i == 0 else ""
                                for i in range(len(section.columns))])

    def _profile(self, colours: Palette) -> Text:
        assert self.file is not None
        p = self.file.profile
        d = self.fc.discreet
        text = Text()

        def line(label: str, value: str, style: str = "") -> None:
            text.append(f"{label:<13}", style=colours.muted)
            text.append(value or "—", style=style)
            text.append("\n")

        owner = p.owner or "no associate"
        line("Owner", owner + (f"  ·  second: {p.second_owner}" if p.second_owner else ""))
        line("Contact", "  ·  ".join(x for x in (shown_phone(p.phone, d), shown_email(p.email, d),
                                                  p.language) if x))
        consent = []
        for channel in ("email", "phone", "sms", "mail"):
            state = p.consent.get(channel)
            consent.append(f"{channel} {'✓' if state and state.granted else '✗'}")
        line("Consent", "  ".join(consent))
        key = p.next_key_date
        dates = (f"birthday {shown_day(p.birthday, d) or '—'}  ·  "
                 f"anniversary {shown_day(p.anniversary, d) or '—'}")
        if key is not None:
            dates += f"  ·  {key.kind} in {key.days} day{'s' if key.days != 1 else ''}"
        line("Key dates", dates)
        line("Preferences", shown_private(p.preferences, d))
        line("Sizes", shown_private(p.sizes, d))
        if p.notes:
            line("Notes", shown_private(p.notes, d))
        last = self.fc.clock.local(p.last_purchase).format("DD/MM/YYYY") if p.last_purchase else "never"
        contact = self.fc.clock.local(p.last_contact).format("DD/MM/YYYY") if p.last_contact else "never"
        line("Purchases", f"{self.money(p.spend_12m)} in 12 months  ·  {self.money(p.lifetime)} in all  ·  "
                          f"last {last}  ·  last contact {contact}",
             colours.behind if p.state in (State.LAPSING, State.LAPSED) else "")
        if p.guard is not None:
            text.append(f"⚠ {p.guard.message()}", style=colours.behind)
        return text.rstrip() or text

    def action_followup(self) -> None:
        if self.file is not None:
            self.app.push_screen(FollowUpModal(prefill={"client": self.file.profile.number}))

    def action_profile(self) -> None:
        if self.file is None:
            return
        p = self.file.profile
        if self.fc.discreet:  # the form shows what discreet mode hides
            self.notify("Leave discreet mode (m) to edit the profile", severity="warning")
            return
        if p.erased:
            self.notify(f"{p.number} was erased", severity="warning")
            return
        current = {
            "preferences": p.preferences, "sizes": p.sizes, "language": p.language,
            "birthday": p.birthday.strftime("%d/%m/%Y") if p.birthday else "",
            "anniversary": p.anniversary.strftime("%d/%m/%Y") if p.anniversary else "",
            "second_owner": p.second_owner.split(" ")[0],
        }
        self.app.push_screen(ProfileModal(p.id, p.number, current))

    def action_on_followup(self, what: str) -> None:
        """Done, snooze or cancel the follow-up highlighted in the Follow-ups section (open ones
        come first, so without moving there it is the client's first open follow-up)."""
        if self.file is None:
            return
        section = next(s for s in self.file.sections if s.key == "follow_ups")
        table = self.query_one("#section-follow_ups", DataTable)
        here = table.cursor_row
        row = section.rows[here] if 0 <= here < len(section.rows) else None
        if row is None or row[3] != "open":
            self.notify("No open follow-up highlighted: move to the Follow-ups section", severity="warning")
            return
        followup_id, due, kind = row[0], row[1], row[2]
        modal: type[FollowUpActionModal] = {"done": DoneModal, "snooze": SnoozeModal,
                                            "cancel": CancelModal}[what]
        self.app.push_screen(modal(followup_id, f"{self.file.profile.number} · {kind} due {due:%d/%m}"))

    def action_contact(self) -> None:
        if self.file is not None:
            p = self.file.profile
            self.app.push_screen(ContactModal(p.id, p.number, {"associate": p.owner.split(" ")[0]}))

    def action_owner(self) -> None:
        if self.file is not None:
            self.app.push_screen(ReassignClientsModal([self.client_id], self.file.profile.number))

    def action_brief(self) -> None:
        self.fc.open_client_brief(self.client_id)


# -- a portfolio -------------------------------------------------------------------------------


class PortfolioLoaded(Reloaded):
    def __init__(self, found: Portfolio) -> None:
        super().__init__()
        self.portfolio = found


class PortfolioScreen(ClientWorkScreen):
    """One associate's clients: the counts, who needs attention first, the openings."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("left_square_bracket", "step(-1)", "Previous SA"),
        Binding("right_square_bracket", "step(1)", "Next SA"),
        Binding("p", "pick", "Associate…"),
        Binding("o", "owner", "New owner"),
        Binding("O", "owner_all", "Move all"),
    ]

    def __init__(self, associate_id: int) -> None:
        super().__init__()
        self.associate_id = associate_id
        self.portfolio: Portfolio | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="pf-title")
        yield Static("", id="pf-summary")
        with Horizontal(id="pf-top"):
            attention = DataTable(id="pf-attention", cursor_type="row", zebra_stripes=True)
            attention.border_title = "Needs attention"
            yield attention
            openings = DataTable(id="pf-openings", cursor_type="row", zebra_stripes=True)
            openings.border_title = "Cross-selling openings"
            yield openings
        clients = DataTable(id="pf-clients", cursor_type="row", zebra_stripes=True)
        clients.border_title = "Clients"
        yield clients
        yield KeysFooter()

    def on_mount(self) -> None:
        attention = self.query_one("#pf-attention", DataTable)
        attention.add_column("Client", key="client", width=28)
        attention.add_column("Seg.", key="segment", width=7)
        attention.add_column("Why", key="why")
        openings = self.query_one("#pf-openings", DataTable)
        openings.add_column("Client", key="client", width=18)
        openings.add_column("Category", key="category", width=12)
        openings.add_column("Odds", key="odds", width=4)
        openings.add_column("Owns", key="owns", width=12)
        clients = self.query_one("#pf-clients", DataTable)
        clients.add_column("Client", key="client", width=30)
        clients.add_column("Seg.", key="segment", width=8)
        clients.add_column("State", key="state", width=11)
        clients.add_column("Last purchase", key="last", width=13)
        clients.add_column("12 months", key="spend", width=11)
        clients.add_column("Last contact", key="contact", width=12)
        clients.add_column("Attention", key="why")
        self.reload()

    @work(thread=True, exclusive=True, group="portfolio")
    def reload(self) -> None:
        app = self.fc
        with app.store.read() as session:
            found = portfolio(session, app.store.boutique_id, self.associate_id, app.clock, app.settings)
        self.post_message(PortfolioLoaded(found))

    @on(PortfolioLoaded)
    def _loaded(self, message: PortfolioLoaded) -> None:
        if message.superseded or message.portfolio.associate_id != self.associate_id:
            return
        self.portfolio = message.portfolio
        self.redraw()

    def _client(self, c: PortfolioClient) -> str:
        return f"{c.number} {shown_name(c.name, self.fc.discreet)}"

    def redraw(self) -> None:
        p = self.portfolio
        if p is None:
            return
        colours = Palette(self.app.theme_variables)
        clock = self.fc.clock
        self.query_one("#pf-title", Static).update(
            Text.assemble((f" Portfolio · {p.initials} {p.name}", "bold"), f"   {len(p.clients)} clients"
                          + (f", second owner of {len(p.seconded)}" if p.seconded else "")))
        rate = "—" if p.retention_rate is None else f"{p.retention_rate:.0%}"
        last = clock.local(p.last_contact).format("DD/MM/YYYY") if p.last_contact else "never"
        summary = Text()
        for label, value, style in (
            ("active", p.count(State.ACTIVE), colours.ok),
            ("lapsing", p.count(State.LAPSING), colours.behind),
            ("lapsed", p.count(State.LAPSED), colours.late),
            ("no purchase", p.count(State.NEVER), colours.muted),
            ("new this month", p.new_this_month, colours.accent),
        ):
            summary.append(f" {value} ", style=f"bold {style}")
            summary.append(f"{label}  ·")
        summary.append(f"  retention {rate} ({p.retained} of {p.retention_base})  ·  last contact {last}")
        self.query_one("#pf-summary", Static).update(summary)

        attention = self.query_one("#pf-attention", DataTable)
        attention.clear()
        for c in p.attention:
            attention.add_row(self._client(c), c.segment, Text("; ".join(c.reasons), style=colours.behind),
                              key=str(c.id))
        attention.border_title = f"Needs attention · {len(p.attention)}"
        openings = self.query_one("#pf-openings", DataTable)
        openings.clear()
        for c in p.openings:
            assert c.opening is not None
            odds = Text(f"{c.opening.likelihood:.0%}", justify="right")
            openings.add_row(self._client(c), c.opening.category, odds, c.opening.because, key=str(c.id))
        clients = self.query_one("#pf-clients", DataTable)
        cursor = clients.cursor_row
        clients.clear()
        state_style = {State.ACTIVE: colours.ok, State.LAPSING: colours.behind, State.LAPSED: colours.late}
        for c in p.clients:
            clients.add_row(
                self._client(c), c.segment, Text(c.state, style=state_style.get(c.state, colours.muted)),
                c.last_purchase.strftime("%d/%m/%Y") if c.last_purchase else "—",
                Text(self.money(c.spend_12m), justify="right"),
                clock.local(c.last_contact).format("DD/MM/YYYY") if c.last_contact else "—",
                Text("; ".join(c.reasons), style=colours.behind), key=str(c.id),
            )
        if cursor < clients.row_count:
            clients.move_cursor(row=cursor, animate=False)

    def _focused_table(self) -> DataTable:
        focused = self.focused
        return focused if isinstance(focused, DataTable) else self.query_one("#pf-clients", DataTable)

    @on(DataTable.RowSelected)
    def _picked(self, event: DataTable.RowSelected) -> None:
        self.open_client(int(event.row_key.value or 0) or None)

    def action_step(self, step: int) -> None:
        team = [a for a in self.fc.associates if a.id is not None]
        if not team:
            return
        ids = [a.id for a in team]
        here = ids.index(self.associate_id) if self.associate_id in ids else -1
        self.associate_id = cast(int, ids[(here + step) % len(ids)])
        self.reload()

    def action_pick(self) -> None:
        def chosen(associate: Associate | None) -> None:
            if associate is not None and associate.id is not None:
                self.associate_id = associate.id
                self.reload()

        self.app.push_screen(PickAssociateModal(), chosen)

    def action_owner(self) -> None:
        client_id = highlighted_key(self._focused_table())
        if client_id is None:
            self.notify("No client highlighted", severity="warning")
            return
        c = next((c for c in self.portfolio.clients if c.id == client_id), None) if self.portfolio else None
        self.app.push_screen(ReassignClientsModal([client_id], c.number if c else "client"))

    def action_owner_all(self) -> None:
        """When an associate leaves: every client they own goes to one colleague."""
        if self.portfolio is None:
            return
        ids = [c.id for c in self.portfolio.clients]
        if not ids:
            self.notify(f"{self.portfolio.initials} owns no client", severity="warning")
            return
        self.app.push_screen(ReassignClientsModal(
            ids, f"all {len(ids)} clients of {self.portfolio.initials}"))
