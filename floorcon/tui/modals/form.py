"""One capture form for every modal: labelled inputs, visible validation, drafts kept on Esc.

A subclass lists its fields and says how to save; this class does the rest, so every capture
in floorcon behaves the same way: Enter saves, Esc closes and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

from ...services.parsing import InputError


class ParserValidator(Validator):
    """Wraps one of floorcon's parsers: its InputError becomes the visible message."""

    def __init__(self, parse: Callable[[str], Any], required: bool = True) -> None:
        super().__init__()
        self.parse = parse
        self.required = required

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure("required") if self.required else self.success()
        try:
            self.parse(value)
        except InputError as exc:
            return self.failure(str(exc).split(": ", 1)[-1])
        return self.success()


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    placeholder: str = ""
    parse: Callable[[str], Any] | None = None  # returns the clean value or raises InputError
    required: bool = True
    choices: tuple[str, ...] = ()  # offered as inline completion
    hint: Callable[[str], str] | None = None  # a live line under the field
    hint_reads_store: bool = False  # compute the hint in a thread worker
    default: str = ""


class FormModal(ModalScreen[Any]):
    """A capture modal. Subclasses define TITLE, fields() and save()."""

    DEFAULT_CSS = ""
    BINDINGS: ClassVar = [
        Binding("escape", "close", "Close (keeps draft)"),
        Binding("ctrl+s", "submit", "Save", show=True),
        # Priority: decided before the key reaches a field, so what is typed right after a tab
        # lands in the next field even when the keys come faster than the screen refreshes.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]
    TITLE = ""
    DRAFT_KEY: str | None = None  # where the draft is kept between opens

    def __init__(self, prefill: dict[str, str] | None = None) -> None:
        super().__init__()
        self._fields = self.fields()
        self._prefill = prefill or {}
        self._saving = False

    # -- to implement ----------------------------------------------------------------------
    def fields(self) -> list[Field]:
        raise TypeError(f"{type(self).__name__} must list its fields")

    def save(self, values: dict[str, Any]) -> Any:
        """Write to the store (runs in a thread); return what to dismiss with."""
        raise TypeError(f"{type(self).__name__} must say how to save")

    def saved_message(self, result: Any) -> str:
        return "Saved"

    def heading(self) -> str:
        return self.TITLE

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        drafts: dict[str, str] = {}
        if self.DRAFT_KEY:
            drafts = self.app.drafts.get(self.DRAFT_KEY, {})  # type: ignore[attr-defined]
        with Vertical(id="form", classes="form"):
            yield Static(self.heading(), classes="form-title")
            for f in self._fields:
                value = self._prefill.get(f.name, drafts.get(f.name, f.default))
                yield Label(f.label + ("" if f.required else "  (optional)"), classes="field-label")
                yield Input(
                    value=value,
                    placeholder=f.placeholder,
                    id=f"field-{f.name}",
                    validators=[ParserValidator(f.parse or (lambda v: v), f.required)],
                    validate_on=["changed", "submitted"],
                    suggester=SuggestFromList(f.choices, case_sensitive=False) if f.choices else None,
                    valid_empty=not f.required,
                    compact=True,
                )
                yield Static("", id=f"hint-{f.name}", classes="field-hint")
            yield Static("", id="form-error", classes="form-error")
            yield Static("enter save · esc close (draft kept) · tab next field", classes="form-keys")

    def on_mount(self) -> None:
        for f in self._fields:
            self._update_hint(f, self._input(f.name).value, initial=True)
        first_empty = next((f for f in self._fields if not self._input(f.name).value), None)
        self._input((first_empty or self._fields[0]).name).focus()

    def _input(self, name: str) -> Input:
        return self.query_one(f"#field-{name}", Input)

    def _field(self, name: str) -> Field:
        return next(f for f in self._fields if f.name == name)

    # -- live feedback ---------------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if not name:
            return
        self._update_hint(self._field(name), event.value, result=event.validation_result)
        self._keep_draft()

    def _update_hint(
        self, f: Field, value: str, result: ValidationResult | None = None, initial: bool = False
    ) -> None:
        hint = self.query_one(f"#hint-{f.name}", Static)
        if result is not None and not result.is_valid and value.strip():
            hint.update(f"✗ {result.failure_descriptions[0]}")
            hint.set_class(True, "-error")
            return
        hint.set_class(False, "-error")
        if f.choices and f.parse and value.strip() and not f.hint:
            try:
                hint.update(f"→ {f.parse(value)}")  # the prefix typed, spelled out
            except InputError as exc:  # a draft kept from an earlier, unfinished form
                hint.update(f"✗ {str(exc).split(': ', 1)[-1]}")
                hint.set_class(True, "-error")
            return
        if f.hint and value.strip() and f.hint_reads_store:
            self._hint_in_thread(f, value)
        else:
            hint.update(f.hint(value) if f.hint and value.strip() else "")

    @work(thread=True, exclusive=True, group="hint")
    def _hint_in_thread(self, f: Field, value: str) -> None:
        assert f.hint is not None
        text = f.hint(value)
        self.app.call_from_thread(self.query_one(f"#hint-{f.name}", Static).update, text)

    def _keep_draft(self) -> None:
        if self.DRAFT_KEY:
            values = {f.name: self._input(f.name).value for f in self._fields}
            self.app.keep_draft(self.DRAFT_KEY, values)  # type: ignore[attr-defined]

    # -- saving ----------------------------------------------------------------------------
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        if self._saving:
            return
        values: dict[str, Any] = {}
        problems: list[tuple[Field, str]] = []
        for f in self._fields:
            raw = self._input(f.name).value
            if not raw.strip():
                if f.required:
                    problems.append((f, "required"))
                values[f.name] = None
                continue
            try:
                values[f.name] = f.parse(raw) if f.parse else raw.strip()
            except InputError as exc:
                problems.append((f, str(exc).split(": ", 1)[-1]))
        if problems:
            for f, why in problems:
                hint = self.query_one(f"#hint-{f.name}", Static)
                hint.update(f"✗ {why}")
                hint.set_class(True, "-error")
            self._input(problems[0][0].name).focus()
            self.query_one("#form-error", Static).update(
                f"Not saved: {', '.join(f.label.lower() for f, _ in problems)} to complete"
            )
            return
        self._saving = True
        self.query_one("#form-error", Static).update("Saving…")
        self._save_in_thread(values)

    @work(thread=True, exclusive=True, group="save")
    def _save_in_thread(self, values: dict[str, Any]) -> None:
        try:
            result = self.save(values)
        except InputError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # the store refused: say so, keep everything typed
            self.app.call_from_thread(self._failed, f"not saved ({type(exc).__name__}); try again")
            return
        self.app.call_from_thread(self._done, result)

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#form-error", Static).update(f"✗ {message}")

    def _done(self, result: Any) -> None:
        if self.DRAFT_KEY:
            self.app.keep_draft(self.DRAFT_KEY, None)  # type: ignore[attr-defined]
        self.app.notify(self.saved_message(result), timeout=4)
        self.app.store_written()  # type: ignore[attr-defined]
        self.dismiss(result)

    def action_close(self) -> None:
        self._keep_draft()
        self.dismiss(None)
