"""The floorcon Textual app: the dashboard, quick capture from anywhere, live panes."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

from .. import startup
from ..clock import Clock
from ..config import ConfigError, Settings
from ..crash import write_crash_log
from ..errors import StoreError
from ..startup import settle
from .reloaded import Reloaded
from .screens.dashboard import DashboardScreen, PanesLoaded
from .widgets.panes import highlighted_key
from .widgets.radar import RadarTable

if TYPE_CHECKING:  # the store layer and the other screens load after the first paint
    from ..db import ChangeWatcher, Store
    from ..firstlook import FirstLook
    from ..models import Associate
    from ..services.radar import RadarItem
    from .modals.followup_actions import FollowUpActionModal
    from .screens.clienteling import ClientWorkScreen
    from .screens.rituals import RitualScreen

CAPTURE_ACTIONS = {
    "note", "sale", "followup", "followup_done", "followup_snooze", "followup_reassign", "followup_cancel",
    "people", "talent",
}
# The screens opened by name; each carries its action (ACTION) or ritual kind (KIND), so the app
# tells which is on screen without importing their modules at start-up.
PLANNING_ACTIONS = ("import_file", "targets", "clients")
RITUAL_KINDS = ("recap", "briefing", "week", "region")
CLIENT_ACTIONS = ("pipeline", "plans", "events", "satisfaction", "appointments", "radar")
# bench/run.py's probe: the file to which the app appends `paint <epoch>` once,
# `filled <epoch> <notes shown>` whenever the dashboard's three panes show the store's data and
# `complete <epoch>` once the People line, the appointments and the radar of that read show too.
BENCH_LOG = "FLOORCON_BENCH_LOG"
BENCH_EXIT = "FLOORCON_BENCH_EXIT"  # set: quit once the whole dashboard shows the store
UPKEEP_WAIT_S = 10.0  # the day's upkeep waits this long at most for the dashboard to show the store
# The other screens' and the forms' rules: the dashboard needs none of them, so they are parsed
# after the first paint (app.tcss is the dashboard's and what every screen shares).
SCREENS_CSS = Path(__file__).with_name("screens.tcss")


def ritual_screen(kind: str) -> RitualScreen:
    """A new ritual screen; the module (rich tables, exports) loads on first use."""
    from .screens.region import RegionScreen
    from .screens.rituals import BriefingScreen, RecapScreen, WeekScreen

    screens: dict[str, type[RitualScreen]] = {
        "recap": RecapScreen, "briefing": BriefingScreen, "week": WeekScreen, "region": RegionScreen,
    }
    return screens[kind]()


def planning_screen(action: str) -> Screen:
    """A new import, targets or clients screen; the module (and the importers) load on first use."""
    if action == "clients":
        from .screens.clients import ClientsScreen

        return ClientsScreen()
    from .screens.planning import ImportScreen, TargetsScreen

    return ImportScreen() if action == "import_file" else TargetsScreen()


def client_screen(action: str) -> ClientWorkScreen:
    """A new client-work screen (pipeline, plans, events, satisfaction, appointments, the radar),
    loaded on first use."""
    from .screens.appointments import AppointmentsScreen
    from .screens.clienteling import EventsScreen, PipelineScreen, PlansScreen, SatisfactionScreen
    from .screens.radar import RadarScreen

    screens: dict[str, type[ClientWorkScreen]] = {
        "pipeline": PipelineScreen, "plans": PlansScreen, "events": EventsScreen,
        "satisfaction": SatisfactionScreen, "appointments": AppointmentsScreen, "radar": RadarScreen,
    }
    return screens[action]()


class StoreChanged(Message):
    """Someone (this app, another terminal, the CLI, an import) wrote, or the day rolled over."""


class StoreOpened(Message):
    """The worker opened the store (or failed to: `app.store_error` says why)."""


class AssociatesLoaded(Reloaded):
    def __init__(self, associates: list[Associate]) -> None:
        super().__init__()
        self.associates = associates


class FloorconApp(App):
    """The back-office console: open all shift, glance, capture, act."""

    discreet: reactive[bool] = reactive(False)

    CSS_PATH = "app.tcss"
    TITLE = "floorcon"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar = [
        Binding("n", "note", "Note"),
        Binding("s", "sale", "Sale"),
        Binding("f", "followup", "Follow-up"),
        Binding("r", "recap", "Recap"),
        Binding("b", "briefing", "Briefing"),
        Binding("w", "week", "Week"),
        Binding("i", "import_file", "Import"),
        Binding("T", "targets", "Targets"),
        Binding("p", "people", "People"),
        Binding("c", "clients", "Clients"),
        # The client-work screens: in f1 and the palette, kept out of the footer so it fits.
        Binding("j", "pipeline", "HJ pipeline", show=False),
        Binding("l", "plans", "Clienteling", show=False),
        Binding("v", "events", "Events", show=False),
        Binding("k", "satisfaction", "Satisfaction", show=False),
        Binding("A", "appointments", "Appointments", show=False),
        Binding("N", "radar", "Radar", show=False),  # named in the radar pane's title, f1, the palette
        Binding("m", "discreet", "Discreet"),
        Binding("f1", "help", "Keys"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self, settings: Settings, store: Store | None = None, clock: Clock | None = None,
        watch_interval: float = 0.3, first_look: FirstLook | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self._store = store
        self.first_look = first_look  # the panes a second process is reading (firstlook.py)
        self.dashboard: DashboardScreen | None = None
        self._store_ready = threading.Event()
        self.opened_store: Store | None = None  # the store this app opened itself; run_app closes it
        # Why the store could not be opened: run_app raises it (a server refusing the
        # credentials is the config's fault, exit 2; anything else a StoreError, exit 1).
        self.store_error: StoreError | ConfigError | None = None
        if store is not None:
            self._store_ready.set()
        self.clock = clock or Clock(settings)
        self.watch_interval = watch_interval
        self.associates: list[Associate] = []
        self._stop = threading.Event()
        self._shown = threading.Event()  # the dashboard has shown the store's data once
        self._upkeep_day: date | None = None  # the business day whose upkeep this app started
        self._drafts_path = settings.data_dir / "drafts.json"
        self.drafts: dict[str, dict[str, str]] = self._read_drafts()

    # -- start and stop --------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        self.dashboard = DashboardScreen()
        return self.dashboard

    def on_mount(self) -> None:
        self._last_input = time.monotonic()
        if self.settings.discreet_after_minutes:
            self.set_interval(10, self._discreet_when_idle)
        self.call_after_refresh(self._painted)
        if self._store is not None:
            self._store_opened()

    def _painted(self) -> None:
        """After the first paint: SQLAlchemy, the models and (when behind) Alembic load now;
        the first look, read meanwhile by a second process, is shown when it comes; the other
        screens' CSS is parsed."""
        self.bench_mark("paint")
        startup.share_arenas()  # before the first worker: they all allocate in one heap
        if self.first_look is not None:
            self._take_first_look()
        if self._store is None:
            self._open_store()
        self.load_screens_css()

    def load_screens_css(self) -> None:
        """Add the other screens' and the forms' rules, once: right after the first paint, and
        before any screen is pushed. Parsed on their own (the stylesheet keeps what it parsed);
        none of them matches a node of the dashboard, so nothing on screen is styled again."""
        if not self.stylesheet.has_source(str(SCREENS_CSS)):
            self.stylesheet.read(SCREENS_CSS)
            self.stylesheet.parse()  # at once: the rules already mapped would hide the new ones

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.load_screens_css()
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.load_screens_css()
        return super().switch_screen(*args, **kwargs)

    @work(thread=True, exclusive=True, group="first-look")
    def _take_first_look(self) -> None:
        assert self.first_look is not None
        panes = self.first_look.receive()
        if panes is not None and self.dashboard is not None and not self._stop.is_set():
            self.dashboard.post_message(PanesLoaded(panes, first_look=True))

    @property
    def store(self) -> Store:
        """The open store. Workers that ask in the first moments wait for the opening worker;
        a store that cannot be opened raises its StoreError (the app is quitting by then)."""
        store = self.wait_store()
        if store is None:
            raise self.store_error or StoreError("the store is not open")
        return store

    def wait_store(self, timeout: float | None = None) -> Store | None:
        """The store once open (waiting for the opening worker if need be); None when it could
        not be opened, or not within `timeout` seconds."""
        self._store_ready.wait(timeout)
        return self._store

    @work(thread=True, exclusive=True, group="open")
    def _open_store(self) -> None:
        from ..db import open_store

        try:
            self._store = self.opened_store = open_store(self.settings)
        except (StoreError, ConfigError) as exc:
            self.store_error = exc
        finally:
            self._store_ready.set()
        self.post_message(StoreOpened())

    @on(StoreOpened)
    def _store_opened(self) -> None:
        if self.store_error is not None:
            self.exit(return_code=1)
            return
        self._load_associates()
        self._watch_store()
        self._start_upkeep()

    def bench_mark(self, event: str, detail: str = "") -> None:
        """Append one line to FLOORCON_BENCH_LOG when bench/run.py set it; else nothing."""
        path = os.environ.get(BENCH_LOG)
        if not path:
            return
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{event} {time.time():.6f} {detail}\n".rstrip() + "\n")
        if event == "complete" and os.environ.get(BENCH_EXIT):
            self.exit()

    # -- discretion --------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _discreet_when_idle(self) -> None:
        if time.monotonic() - self._last_input >= self.settings.discreet_after_minutes * 60:
            self.discreet = True

    def action_discreet(self) -> None:
        self.discreet = not self.discreet

    def watch_discreet(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "redraw"):  # the screens that show the store: dashboard, rituals, targets
                screen.redraw()

    def _handle_exception(self, error: Exception) -> None:
        """Never show Textual's crash screen: it prints local variables, and those may hold a
        client's name or phone. Log the frames (no values) and exit with one calm sentence."""
        log = write_crash_log(self.settings.data_dir, error)
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        where = f" Details (no personal data): {log}" if log else ""
        self.panic(f"floorcon stopped on an unexpected error ({type(error).__name__}); "
                   f"everything saved is safe.{where}")

    def on_unmount(self) -> None:
        self._stop.set()
        self._shown.set()  # an upkeep still waiting for the dashboard gives up
        self._write_drafts()

    def panes_shown(self) -> None:
        """The dashboard shows the store: the day's upkeep may start (never before, so the
        manager sees the day first); after midnight, the new day's. The first time, start-up
        is over for the garbage collector too."""
        if not self._shown.is_set():
            settle()
        self._shown.set()
        if self._upkeep_day is not None and self._upkeep_day != self.clock.today():
            self._start_upkeep()

    def _start_upkeep(self) -> None:
        self._upkeep_day = self.clock.today()
        self._daily_upkeep()

    @work(thread=True, exclusive=True, group="upkeep")
    def _daily_upkeep(self) -> None:
        """First start of the business day, once the dashboard shows the store: a verified
        backup (of a SQLite file; a server's backups are the server's), then the retention
        purge and the follow-up rules (birthdays and anniversaries come round by the day),
        which the store notes as done for the day (services/upkeep.py)."""
        self._shown.wait(UPKEEP_WAIT_S)
        if self._stop.is_set():
            return
        from ..db import daily_backup  # loaded after the panes, not beside them
        from ..services.upkeep import daily_upkeep
        today = self.clock.today()
        try:
            if self.store.path is not None:
                daily_backup(self.store.path, today, self.settings.keep_backups)
            with self.store.write() as session:
                rules = daily_upkeep(session, self.store.boutique_id, self.clock, self.settings)
            if rules is not None and rules.created:
                self.call_from_thread(self.store_written)
        except Exception as exc:  # the shift goes on; say so calmly
            log = write_crash_log(self.settings.data_dir, exc, "daily upkeep")
            self.call_from_thread(
                self.notify, f"Today's backup could not be made ({type(exc).__name__}); see {log}",
                severity="error", timeout=15,
            )

    # -- the team, cached for instant matching in capture forms ----------------------------
    @work(thread=True, exclusive=True, group="associates")
    def _load_associates(self) -> None:
        from ..services.team import list_associates

        with self.store.read() as session:
            associates = list_associates(session, self.store.boutique_id)
        self.post_message(AssociatesLoaded(associates))

    @on(AssociatesLoaded)
    def _associates_loaded(self, message: AssociatesLoaded) -> None:
        if message.superseded:
            return
        self.associates = message.associates

    # -- live: learn that someone wrote, then reload off the UI thread ---------------------
    def _watch_store(self) -> None:
        """Start the watcher: a daemon thread for the app's whole life, so it never holds up
        quitting nor the short workers that tests wait for."""
        watcher = self.store.watcher()
        thread = threading.Thread(target=self._watch, args=(watcher,), name="floorcon-watch", daemon=True)
        thread.start()

    def _watch(self, watcher: ChangeWatcher) -> None:
        """Poll PRAGMA data_version (microseconds) and the business day; post on change."""
        day = self.clock.today()
        try:
            while not self._stop.wait(self.watch_interval):
                moved = watcher.changed()
                today = self.clock.today()
                if moved or today != day:
                    day = today
                    self.post_message(StoreChanged())
        finally:
            watcher.close()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.store_written()

    def store_written(self) -> None:
        """Reload what shows the store: called after our own saves and on outside changes."""
        self._load_associates()
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):  # the screens that show the store: dashboard, rituals, targets
                screen.reload()

    # -- drafts: nothing typed is ever lost ------------------------------------------------
    def _read_drafts(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self._drafts_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def keep_draft(self, key: str, values: dict[str, str] | None) -> None:
        """Remember (or, with None, forget) what a capture form holds."""
        if values is None or not any(v.strip() for v in values.values()):
            self.drafts.pop(key, None)
        else:
            self.drafts[key] = values

    def _write_drafts(self) -> None:
        try:
            if not self.drafts:
                self._drafts_path.unlink(missing_ok=True)
                return
            fd = os.open(self._drafts_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self.drafts, out)
        except OSError:
            self.log.warning("drafts could not be written")

    @property
    def drafts_path(self) -> Path:
        return self._drafts_path

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Capture keys and the rituals' keys: not while a form is already open. The ritual on
        screen does not offer itself again."""
        screens = {*RITUAL_KINDS, *PLANNING_ACTIONS, *CLIENT_ACTIONS}
        if action in CAPTURE_ACTIONS | screens and isinstance(self.screen, ModalScreen):
            return False
        if action in (*PLANNING_ACTIONS, *CLIENT_ACTIONS) and getattr(self.screen, "ACTION", None) == action:
            return False
        return not (action in RITUAL_KINDS and getattr(self.screen, "KIND", None) == action)

    def action_note(self) -> None:
        from .modals.capture import NoteModal

        self.push_screen(NoteModal())

    def action_sale(self) -> None:
        from .modals.capture import SaleModal

        self.push_screen(SaleModal())

    def action_followup(self) -> None:
        from .modals.capture import FollowUpModal

        self.push_screen(FollowUpModal())

    def _open_ritual(self, kind: str) -> None:
        """One ritual at a time, over the dashboard: escape always leads back to it."""
        current = getattr(self.screen, "KIND", None)
        if current in RITUAL_KINDS:
            if kind != current:
                self.switch_screen(ritual_screen(kind))
        elif not isinstance(self.screen, ModalScreen):
            self.push_screen(ritual_screen(kind))

    def action_recap(self) -> None:
        self._open_ritual("recap")

    def action_briefing(self) -> None:
        self._open_ritual("briefing")

    def action_week(self) -> None:
        self._open_ritual("week")

    def action_region(self) -> None:
        self._open_ritual("region")

    def _open_planning(self, action: str) -> None:
        """Import, targets and clients open over the dashboard (or in place of each other)."""
        current = getattr(self.screen, "ACTION", None)
        if current == action or isinstance(self.screen, ModalScreen):
            return
        if current in PLANNING_ACTIONS:
            self.switch_screen(planning_screen(action))
        else:
            self.push_screen(planning_screen(action))

    def action_import_file(self) -> None:
        self._open_planning("import_file")

    def action_targets(self) -> None:
        self._open_planning("targets")

    # -- developing the team ---------------------------------------------------------------------
    def action_people(self) -> None:
        """The team at a glance; escape leads back to where it was opened from."""
        from .screens.people import PeopleScreen

        if not isinstance(self.screen, PeopleScreen | ModalScreen):
            self.push_screen(PeopleScreen())

    def action_talent(self) -> None:
        from .screens.people import TalentScreen

        if not isinstance(self.screen, TalentScreen | ModalScreen):
            self.push_screen(TalentScreen())

    def open_client_brief(self, client_id: int) -> None:
        """The client brief, from an appointment, the client file or the radar; it replaces the
        client's file when opened from it."""
        from .screens.brief import ClientBriefScreen
        from .screens.clients import ClientFileScreen

        screen = self.screen
        if isinstance(screen, ModalScreen):
            return
        if isinstance(screen, ClientBriefScreen) and screen.client_id == client_id:
            return
        if isinstance(screen, ClientFileScreen):
            self.switch_screen(ClientBriefScreen(client_id))
        else:
            self.push_screen(ClientBriefScreen(client_id))

    def open_associate_file(self, associate_id: int) -> None:
        """From any row that names an associate, and from the command palette."""
        from .screens.people import AssociateFileScreen

        screen = self.screen
        if isinstance(screen, ModalScreen):
            return
        if isinstance(screen, AssociateFileScreen):
            if screen.associate_id != associate_id:
                self.switch_screen(AssociateFileScreen(associate_id))
            return
        self.push_screen(AssociateFileScreen(associate_id))

    @work(thread=True, exclusive=True, group="hold")
    def hold_one_to_one(self, associate_id: int) -> None:
        """Open the one-to-one to hold now: the one booked, or one booked on the spot."""
        from ..services.people import next_one_to_one
        from .screens.people import OneToOneScreen

        with self.store.write() as session:
            row, on_the_spot = next_one_to_one(session, self.store.boutique_id, self.clock, associate_id)
        assert row.id is not None
        self.call_from_thread(self.push_screen, OneToOneScreen(row.id, on_the_spot))

    def action_clients(self) -> None:
        self._open_planning("clients")

    def action_portfolio(self) -> None:
        """Pick an associate, then open their portfolio."""
        from .modals.clients import PickAssociateModal
        from .screens.clients import PortfolioScreen

        def chosen(associate: Associate | None) -> None:
            if associate is not None and associate.id is not None:
                self.push_screen(PortfolioScreen(associate.id))

        self.push_screen(PickAssociateModal(), chosen)

    def _open_clients(self, action: str) -> None:
        """The client screens open over the dashboard, or in place of each other (a plan opened
        from the plans list goes with it)."""
        from .screens.clienteling import ClientWorkScreen, PlanScreen

        if isinstance(self.screen, ModalScreen) or getattr(self.screen, "ACTION", None) == action:
            return
        while isinstance(self.screen, PlanScreen):
            self.pop_screen()
        if isinstance(self.screen, ClientWorkScreen):
            self.switch_screen(client_screen(action))
        else:
            self.push_screen(client_screen(action))

    def action_pipeline(self) -> None:
        self._open_clients("pipeline")

    def action_plans(self) -> None:
        self._open_clients("plans")

    def action_events(self) -> None:
        self._open_clients("events")

    def action_satisfaction(self) -> None:
        self._open_clients("satisfaction")

    def action_appointments(self) -> None:
        self._open_clients("appointments")

    def action_radar(self) -> None:
        self._open_clients("radar")

    # -- the radar: act on an item, or take it off for the day --------------------------------
    def act_on_radar(self, item: RadarItem) -> None:
        """Do what the item calls for. A coaching note leaves the list once saved; the other
        acts leave it as they open, since opening is the act."""
        from ..services.radar import (
            ACT_ASSOCIATE,
            ACT_BRIEF,
            ACT_CLIENT,
            ACT_NOTE,
            ACT_SATISFACTION,
            ACT_TARGETS,
        )
        from .modals.capture import NoteModal
        from .screens.clients import ClientFileScreen

        if isinstance(self.screen, ModalScreen):
            return
        if item.act == ACT_NOTE:
            def saved(result: object) -> None:
                if result is not None:
                    self.take_off_radar(item, acted=True)

            self.push_screen(NoteModal(prefill=item.prefill), saved)
            return
        self.take_off_radar(item, acted=True)
        if item.tell:
            self.notify(item.tell, title="Tell them", timeout=8)
        if item.act == ACT_BRIEF and item.client_id is not None:
            self.open_client_brief(item.client_id)
        elif item.act == ACT_CLIENT and item.client_id is not None:
            self.push_screen(ClientFileScreen(item.client_id))
        elif item.act == ACT_ASSOCIATE and item.associate_id is not None:
            self.open_associate_file(item.associate_id)
        elif item.act == ACT_TARGETS:
            self.notify(item.shown_reason(self.discreet), title="The month", timeout=10)
            self._open_planning("targets")
        elif item.act == ACT_SATISFACTION:
            self._open_clients("satisfaction")

    @work(thread=True, group="radar")
    def take_off_radar(self, item: RadarItem, acted: bool) -> None:
        """Remember the item as dismissed (or acted on) for the day, then reload."""
        from ..services.radar import dismiss

        with self.store.write() as session:
            dismiss(session, self.store.boutique_id, self.clock, item.key, acted=acted)
        self.call_from_thread(self.store_written)
        if not acted:
            self.call_from_thread(self.notify, f"Off the radar for today: {item.title}", timeout=4)

    def action_help(self) -> None:
        from .modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _on_followup(self, modal: type[FollowUpActionModal]) -> None:
        dashboard = next((s for s in self.screen_stack if isinstance(s, DashboardScreen)), None)
        row = dashboard.highlighted_followup() if dashboard else None
        if row is None:
            self.notify("No follow-up selected: move to the follow-ups pane first", severity="warning")
            return
        self.push_screen(modal(row.id, f"{row.client} · {row.kind}"))

    def action_followup_done(self) -> None:
        from .modals.followup_actions import DoneModal

        self._on_followup(DoneModal)

    def action_followup_snooze(self) -> None:
        from .modals.followup_actions import SnoozeModal

        self._on_followup(SnoozeModal)

    def action_followup_reassign(self) -> None:
        from .modals.followup_actions import ReassignModal

        self._on_followup(ReassignModal)

    def action_followup_cancel(self) -> None:
        from .modals.followup_actions import CancelModal

        self._on_followup(CancelModal)

    def _radar_command(self, act: bool) -> None:
        """From the palette: the item highlighted in the radar on screen (else the first)."""
        table = next(iter(self.screen.query(RadarTable)), None)
        item = table.highlighted() if table is not None else None
        if item is None:
            self.notify("Nothing on the radar", severity="warning")
        elif act:
            self.act_on_radar(item)
        else:
            self.take_off_radar(item, acted=False)

    def action_refresh(self) -> None:
        self.store_written()

    def pane_table(self, table_id: str) -> DataTable | None:
        """A pane's table on the screen shown; None before the dashboard has laid its tables
        (right after its first frame), or on a screen without it."""
        return next(iter(self.screen.query(f"#{table_id}").results(DataTable)), None)

    def action_focus_pane(self, table_id: str) -> None:
        table = self.pane_table(table_id)
        if table is not None:
            table.focus()

    def action_history(self, table: str, table_id: str) -> None:
        """The change log of the highlighted note or follow-up."""
        shown = self.pane_table(table_id)
        row_id = highlighted_key(shown) if shown is not None else None
        if row_id is None:
            self.notify("Nothing highlighted", severity="warning")
            return
        from .modals.history import HistoryScreen

        self.push_screen(HistoryScreen(table, row_id))

    def people_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The People screens, an associate file per associate, and the keys of the screen shown."""
        from .screens.people import AssociateFileScreen, OneToOneScreen, PeopleScreen, TalentScreen

        yield SystemCommand("People", "The team: one-to-ones, actions, plans, reviews (p)",
                            self.action_people)
        yield SystemCommand("Talent and succession", "The 9-box and the succession slates",
                            self.action_talent)
        for a in self.associates:
            assert a.id is not None
            yield SystemCommand(f"Associate file: {a.initials} {a.name}",
                                f"{a.role}: figures, one-to-ones, plans, reviews, notes",
                                lambda aid=a.id: self.open_associate_file(aid))
        if isinstance(screen, PeopleScreen | AssociateFileScreen):
            yield SystemCommand("Hold a one-to-one", "The agenda, shared and private notes, actions (h)",
                                screen.action_hold)
            yield SystemCommand("Book a one-to-one", "A day and a time (o)", screen.action_book)
            yield SystemCommand("Move the one-to-one", "The booked one, to another day and time (R)",
                                screen.action_move)
            yield SystemCommand("Cancel the one-to-one", "The booked one, off the diary (C)",
                                screen.action_cancel)
            yield SystemCommand("Write a review", "Ratings per competency, performance, potential (v)",
                                screen.action_review)
            yield SystemCommand("New IDP or PMP", "A development or performance plan (l)", screen.action_plan)
        if isinstance(screen, AssociateFileScreen):
            for title, help_text, action in (
                ("Agree an action", "An action with its owner and due day (a)", screen.action_action),
                ("Action done", "Mark the highlighted action done (d)", screen.action_done),
                ("Add a goal", "A goal with its measure and due day, on the highlighted plan (g)",
                 screen.action_goal),
                ("Goal status", "Mark a goal of the highlighted plan met or missed (G)",
                 screen.action_goal_status),
                ("Plan check-in", "A dated note on the highlighted plan; holds a PMP checkpoint (k)",
                 screen.action_check_in),
                ("Close the plan", "IDP completed; PMP back on standard, extended or ended (x)",
                 screen.action_close_plan),
                ("Put on a slate", "Succession: key role, readiness, flight risk (u)", screen.action_slate),
                ("Off a slate", "Take the associate off a key role's slate (U)", screen.action_off_slate),
                ("Filter the coaching notes", "By moment of the sale and kind (/)", screen.action_filter),
                ("Export the associate file", "Markdown for a review meeting, or everything as JSON (e)",
                 screen.action_export),
            ):
                yield SystemCommand(title, help_text, action)
        if isinstance(screen, TalentScreen):
            yield SystemCommand("Put on a slate", "Succession: key role, readiness, flight risk (u)",
                                screen.action_slate)
            yield SystemCommand("Off a slate", "Take an associate off a key role's slate (U)",
                                screen.action_off_slate)
        if isinstance(screen, OneToOneScreen):
            yield SystemCommand("Save the notes", "Shared and private notes, kept as they are (ctrl+s)",
                                screen.action_save)
            yield SystemCommand("Add an action", "Agreed in this one-to-one (ctrl+n)",
                                screen.action_add_action)
            yield SystemCommand("Close the one-to-one", "It was held: notes saved, cadence restarts (ctrl+o)",
                                screen.action_close)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every screen and action, and the keys of the screen shown (the screens load here)."""
        from .screens.appointments import AppointmentsScreen
        from .screens.brief import ClientBriefScreen
        from .screens.clienteling import EventsScreen, PipelineScreen, PlanScreen, PlansScreen
        from .screens.clients import ClientFileScreen, PortfolioScreen
        from .screens.planning import ImportScreen, TargetsScreen
        from .screens.radar import RadarScreen
        from .screens.rituals import BriefingScreen, RecapScreen, RitualScreen, WeekScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Coaching note", "Capture a coaching note (n)", self.action_note)
        yield SystemCommand("Log a sale", "Log a sale the POS has not sent yet (s)", self.action_sale)
        yield SystemCommand("New follow-up", "A dated action for a client (f)", self.action_followup)
        yield SystemCommand("Follow-up done", "Mark the highlighted follow-up done (d)",
                            self.action_followup_done)
        yield SystemCommand("Snooze follow-up", "Move the highlighted follow-up to a later day (z)",
                            self.action_followup_snooze)
        yield SystemCommand("Reassign follow-up", "Give the highlighted follow-up to another associate (a)",
                            self.action_followup_reassign)
        yield SystemCommand("Cancel follow-up", "Cancel the highlighted follow-up, with the reason (x)",
                            self.action_followup_cancel)
        yield SystemCommand("Clients", "Find a client as you type; open their file; the portfolios (c)",
                            self.action_clients)
        yield SystemCommand("Portfolio of…", "An associate's clients: who needs attention, openings",
                            self.action_portfolio)
        if isinstance(screen, ClientFileScreen):
            yield SystemCommand("Edit the client's profile",
                                "Preferences, sizes, birthday, anniversary, second owner, language (e)",
                                screen.action_profile)
            yield SystemCommand("Follow-up done", "The highlighted open follow-up of this client, done (d)",
                                partial(screen.action_on_followup, "done"))
            yield SystemCommand("Snooze follow-up", "The highlighted open follow-up, to a new day (z)",
                                partial(screen.action_on_followup, "snooze"))
            yield SystemCommand("Cancel follow-up", "The highlighted open follow-up, with a reason (x)",
                                partial(screen.action_on_followup, "cancel"))
            yield SystemCommand("Follow-up for this client", "A dated action for the client on screen (f)",
                                screen.action_followup)
            yield SystemCommand("Log a contact", "A call, a message or a visit with this client (l)",
                                screen.action_contact)
            yield SystemCommand("New owner", "Give this client to another associate (o)", screen.action_owner)
            if isinstance(screen, ClientBriefScreen):
                yield SystemCommand("Full client file", "Every purchase, contact and section of the file (B)",
                                    screen.action_file)
            else:
                yield SystemCommand("Client brief", "What to know in thirty seconds about this client (B)",
                                    screen.action_brief)
        if isinstance(screen, PortfolioScreen):
            yield SystemCommand("Previous associate", "The previous associate's portfolio ([)",
                                lambda: screen.action_step(-1))
            yield SystemCommand("Next associate", "The next associate's portfolio (])",
                                lambda: screen.action_step(1))
            yield SystemCommand("Reassign client", "Give the highlighted client to another associate (o)",
                                screen.action_owner)
            yield SystemCommand("Move the whole portfolio", "Every client of this associate to another (O)",
                                screen.action_owner_all)
        if isinstance(screen, DashboardScreen):  # the panes live on the dashboard only
            yield SystemCommand("Today's targets", "Go to the targets pane",
                                lambda: self.action_focus_pane("targets-table"))
            yield SystemCommand("Coaching notes", "Go to today's coaching notes",
                                lambda: self.action_focus_pane("notes-table"))
            yield SystemCommand("Follow-ups", "Go to the VIC follow-up queue",
                                lambda: self.action_focus_pane("followups-table"))
        yield SystemCommand("Discreet mode", "Mask client names, contacts and amounts (m)",
                            self.action_discreet)
        if isinstance(screen, DashboardScreen):
            yield SystemCommand("Follow-up history", "Who changed the highlighted follow-up, and when (h)",
                                lambda: self.action_history("followup", "followups-table"))
            yield SystemCommand("Note history", "Who changed the highlighted note, and when (h)",
                                lambda: self.action_history("coachingnote", "notes-table"))
        yield SystemCommand("End-of-day recap", "The day against target, coaching, follow-ups, tomorrow (r)",
                            self.action_recap)
        yield SystemCommand("Morning briefing", "Yesterday, today's targets, the month, the focus story (b)",
                            self.action_briefing)
        yield SystemCommand("Weekly review", "The week against target, 8 weeks of trend, coaching (w)",
                            self.action_week)
        yield SystemCommand("Region", "Every boutique of the store: the day against target, side by side",
                            self.action_region)
        if isinstance(screen, RitualScreen):
            unit = "week" if isinstance(screen, WeekScreen) else "day"
            yield SystemCommand(f"Previous {unit}", f"{screen.NAME} of the previous {unit} (←)",
                                lambda: screen.action_step(-1))
            yield SystemCommand(f"Next {unit}", f"{screen.NAME} of the next {unit} (→)",
                                lambda: screen.action_step(1))
            yield SystemCommand(f"This {unit}" if unit == "week" else "Today", f"Back to this {unit} (t)",
                                screen.action_today)
            yield SystemCommand(f"Go to a {unit}", f"Open the {screen.NAME.lower()} of any {unit} (g)",
                                screen.action_go)
            yield SystemCommand("Export", f"Write the {screen.NAME.lower()} to a file (e)",
                                screen.action_export)
            yield SystemCommand("Copy as Markdown", f"Put the {screen.NAME.lower()} on the clipboard (c)",
                                screen.action_copy)
        if isinstance(screen, RecapScreen):
            yield SystemCommand("Save the summary", "Save your summary with the day (ctrl+s)",
                                screen.action_save_summary)
        if isinstance(screen, BriefingScreen):
            yield SystemCommand("Focus of the week", "Set the story or product of the week (o)",
                                screen.action_focus_story)
        yield SystemCommand("Import a file…", "Sales, traffic, satisfaction, clients, targets, schedule (i)",
                            self.action_import_file)
        yield SystemCommand("Targets and schedule", "The month's target, its daily spread, today's floor (T)",
                            self.action_targets)
        if isinstance(screen, ImportScreen):
            yield SystemCommand("Dry run", "Check the file: what would be added, updated, rejected (ctrl+d)",
                                screen.action_check)
            yield SystemCommand("Import for real", "Import the checked file (ctrl+s)", screen.action_run)
            yield SystemCommand("Skip bad rows", "Take the good rows, reject the bad ones to a file (ctrl+k)",
                                screen.action_skip_bad)
        if isinstance(screen, TargetsScreen):
            yield SystemCommand("Set the month target", "The month's total and its weekday pattern (o)",
                                screen.action_month_target)
            yield SystemCommand("Add a shift today", "Put an associate on the floor today (a)",
                                screen.action_add_shift)
            yield SystemCommand("Remove a shift today", "Take an associate off the floor today (x)",
                                screen.action_remove_shift)
            yield SystemCommand("Adjust an associate's day", "Set one associate's target for today (j)",
                                screen.action_adjust)
            yield SystemCommand("Split today by weights", "Today's target over the associates by weights (p)",
                                screen.action_split)
        yield from self.people_commands(screen)
        yield SystemCommand("High Jewelry pipeline", "Opportunities by stage, totals, next steps (j)",
                            self.action_pipeline)
        yield SystemCommand("Clienteling plans", "Plans, progress per associate, attributed sales (l)",
                            self.action_plans)
        yield SystemCommand("Events and ambassadorship", "Events, guest lists, partnerships log (v)",
                            self.action_events)
        yield SystemCommand("Satisfaction", "Each measure week by week, low answers and recovery (k)",
                            self.action_satisfaction)
        yield SystemCommand("Appointments", "The day's client appointments: book, move, cancel, outcome (A)",
                            self.action_appointments)
        if isinstance(screen, AppointmentsScreen):
            yield SystemCommand("Book an appointment", "Client, day, time, purpose, pieces, HJ opportunity "
                                "(a)", screen.action_book)
            yield SystemCommand("Move the appointment", "Another day, time or associate for the highlighted "
                                "one (u)", screen.action_move)
            yield SystemCommand("Cancel the appointment", "Cancel the highlighted one, saying why (x)",
                                screen.action_cancel)
            yield SystemCommand("Appointment outcome", "Done or no-show, with a note (d)",
                                screen.action_outcome)
            yield SystemCommand("Client brief", "What to know about the highlighted appointment's client "
                                "(enter)", screen.action_brief)
            yield SystemCommand("Previous day", "The appointments of the day before (←)",
                                lambda: screen.action_step(-1))
            yield SystemCommand("Next day", "The appointments of the day after (→)",
                                lambda: screen.action_step(1))
        if isinstance(screen, PipelineScreen):
            yield SystemCommand("New HJ opportunity", "Client, stage, estimate, next step (a)",
                                screen.action_add)
            yield SystemCommand("Move the opportunity on",
                                "Stage, estimate, next step of the highlighted one (u)", screen.action_update)
        if isinstance(screen, PlansScreen):
            yield SystemCommand("New clienteling plan", "Pick clients; actions on consented channels (a)",
                                screen.action_add)
            yield SystemCommand("Open the plan", "Progress per associate and actions of the highlighted plan "
                                "(enter)", screen.action_open)
        if isinstance(screen, PlanScreen):
            yield SystemCommand("Client contacted", "Mark the highlighted action done, with its outcome (d)",
                                screen.action_done)
        if isinstance(screen, EventsScreen):
            yield SystemCommand("New event", "Day, time, place, theme, partners (a)", screen.action_add)
            yield SystemCommand("Invite a client", "Add a client to the highlighted event's guests (g)",
                                screen.action_guest)
            yield SystemCommand("Guest status", "Invited, confirmed, attended, no-show (u)",
                                screen.action_status)
            yield SystemCommand("Log a partnership", "A local partnership or community action (p)",
                                screen.action_partnership)
        yield SystemCommand("Radar", "What to do next, ranked, with the reason in figures (N)",
                            self.action_radar)
        if isinstance(screen, RadarScreen | DashboardScreen):
            yield SystemCommand("Act on the radar item", "The highlighted radar item: note, brief, file, "
                                "targets (enter)", partial(self._radar_command, act=True))
            yield SystemCommand("Dismiss the radar item", "Off the radar for the rest of the day (x)",
                                partial(self._radar_command, act=False))
        yield SystemCommand("Refresh", "Reload every pane from the store", self.action_refresh)
        yield SystemCommand("Keys", "Show every key (f1)", self.action_help)
