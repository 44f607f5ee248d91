"""Find the forms of a rendered page, as a browser would submit them (for the hostile-input
sweep): method, target, and every control with its current value and kind."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # text, textarea, number, date, hidden, select, radio, checkbox, file, ...
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    method: str
    action: str
    controls: dict[str, Control] = field(default_factory=dict)

    def data(self) -> dict[str, list[str]]:
        """What a browser sends when nothing is changed."""
        values: dict[str, list[str]] = {}
        for control in self.controls.values():
            if control.kind == "file":
                continue
            if control.kind in {"select", "radio", "checkbox"}:
                chosen = control.value or next((o for o in control.options if o), "")
                values[control.name] = [chosen] if chosen else []
            else:
                values[control.name] = [control.value]
        return values


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: Control | None = None
        self.textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = (a.get("method") or ("post" if "hx-post" in a else "get")).lower()
            action = a.get("action") or a.get("hx-post") or a.get("hx-get") or ""
            self.current = PageForm(method=method, action=action)
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            existing = self.current.controls.get(name)
            if kind in {"radio", "checkbox"}:
                control = existing or Control(name, kind)
                control.options.append(a.get("value", "on"))
                if "checked" in a:
                    control.value = a.get("value", "on")
                self.current.controls[name] = control
            else:
                self.current.controls[name] = Control(name, kind, a.get("value", ""))
        elif tag == "select" and name:
            self.select = Control(name, "select")
            self.current.controls[name] = self.select
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select.options.append(value)
            if "selected" in a:
                self.select.value = value
        elif tag == "textarea" and name:
            self.textarea = Control(name, "textarea")
            self.current.controls[name] = self.textarea

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
