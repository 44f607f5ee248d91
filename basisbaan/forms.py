"""Form rendering in NL Design System (Utrecht) markup, and the core app's forms."""

from html import escape as html_escape

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.translation import gettext_lazy as _

from .input import DATE_MESSAGE, NUL_MESSAGE, check_date_range, nul_fields
from .models import ErasureGround, MunicipalityProfile, User, Wijk
from .numbers import dutch_number_widgets
from .uploads import UploadRefused, logo_image

WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.ClearableFileInput: "utrecht-textbox",
    forms.FileInput: "utrecht-textbox",
}
DEFAULT_WIDGET_CLASS = "utrecht-textbox utrecht-textbox--html-input"


def _radio_choices(field: forms.Field) -> None:
    """Radios offer no "---------" placeholder: a required group starts with nothing chosen,
    an optional one says "Geen keuze" for leaving it open."""
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = None if field.required else _("Geen keuze")
        return
    if not hasattr(field, "choices"):
        return
    choices = [(value, label) for value, label in field.choices if value not in ("", None)]
    if not field.required:
        choices.insert(0, ("", _("Geen keuze")))
    field.choices = choices


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _escape(value) -> str:
    """Django's conditional_escape without its SafeString per call (the same characters:
    both are html.escape); selects of a thousand options call it twice per option."""
    return value.__html__() if hasattr(value, "__html__") else html_escape(str(value))


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select_html(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options, in Python: the same markup, for
    a fraction of the time (a list filter offering every coach of a national installation
    has over a thousand options, each a template of its own). None for a widget whose
    options use another template."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            attrs = option["attrs"]  # empty but for the chosen option
            parts.append(
                f'\n  <option value="{_escape(option["value"])}"'
                f"{_attrs_html(attrs) if attrs else ''}>{_escape(option['label'])}"
                "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# The widgets whose template is django/forms/widgets/input.html included once. (Django's
# renderers strip what a template renders, so none of these ends in a newline.)
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
        "search", "tel", "color", "checkbox", "file",
    )
)  # fmt: skip
OPTION_TEMPLATES = frozenset(
    ("django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
FIELD_TEMPLATE = "forms/field.html"


def _input_html(widget: dict) -> str:
    """django/forms/widgets/input.html, in Python."""
    value = widget["value"]
    value_html = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{value_html}{_attrs_html(widget["attrs"])}>'
    )


def _option_html(widget: dict) -> str:
    """django/forms/widgets/radio_option.html and checkbox_option.html (input_option.html
    with its label when wrapped), in Python."""
    html = _input_html(widget)
    if widget.get("wrap_label"):
        target = widget["attrs"].get("id")
        label_for = f' for="{conditional_escape(target)}"' if target else ""
        html = f"<label{label_for}>{html}\n {conditional_escape(widget['label'])}</label>"
    return html


def _textarea_html(widget: dict) -> str:
    """django/forms/widgets/textarea.html, in Python."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _field_html(field) -> str:
    """templates/forms/field.html (the label, description, errors and widget of one field in
    NL Design System markup), in Python: the same markup (a test holds the two equal), for
    a fraction of the time; a dossier shows some forty fields."""
    errors = field.errors
    esc = conditional_escape
    help_html = (
        f'<div class="utrecht-form-field-description" id="{esc(field.auto_id)}_helptext">'
        f"{esc(field.help_text)}</div>"
        if field.help_text
        else ""
    )
    error_html = (
        f'<div class="utrecht-form-field-error-message" id="{esc(field.auto_id)}_error">'
        + "".join(f"<p>{esc(error)}</p>" for error in errors)
        + "</div>"
        if errors
        else ""
    )
    optional = (
        f' <span class="app-optional">({esc(_("niet verplicht"))})</span>'
        if not field.field.required and field.form.mark_optional
        else ""
    )
    if field.widget_type == "checkbox":
        invalid = " utrecht-form-field--invalid" if errors else ""
        return (
            f'<div class="utrecht-form-field utrecht-form-field--checkbox{invalid}">\n'
            f'  <div class="utrecht-form-field__input">{field}</div>\n'
            '  <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">'
            '<label class="utrecht-form-label utrecht-form-label--checkbox"'
            f' for="{esc(field.id_for_label)}">{esc(field.label)}</label></div>\n'
            f"  {help_html}\n  {error_html}\n</div>"
        )
    if field.use_fieldset:
        invalid = " utrecht-form-fieldset--invalid" if errors else ""
        described = field.aria_describedby
        described_html = f' aria-describedby="{esc(described)}"' if described else ""
        choices = "".join(
            f'<div class="app-choice">{choice.tag()} <label for="{esc(choice.id_for_label)}">'
            f"{esc(choice.choice_label)}</label></div>"
            for choice in field
        )
        return (
            '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset'
            f'{invalid}"{described_html}>\n'
            '  <legend class="utrecht-form-fieldset__legend'
            f' utrecht-form-fieldset__legend--html-legend">{esc(field.label)}{optional}</legend>\n'
            f"  {help_html}\n  {error_html}\n"
            f'  <div class="app-choices">{choices}</div>\n</fieldset>'
        )
    invalid = " utrecht-form-field--invalid" if errors else ""
    return (
        f'<div class="utrecht-form-field utrecht-form-field--text{invalid}">\n'
        '  <div class="utrecht-form-field__label"><label class="utrecht-form-label"'
        f' for="{esc(field.id_for_label)}">{esc(field.label)}{optional}</label></div>\n'
        f"  {help_html}\n  {error_html}\n"
        f'  <div class="utrecht-form-field__input">{field}</div>\n</div>'
    )


class UtrechtFormRenderer(TemplatesSetting):
    """Renders every form and field with the templates in templates/forms/. The field
    template (`_field_html`), selects (`_select_html`), plain inputs, textareas and choice
    options are rendered in Python with exactly the templates' markup: a page with a form
    otherwise spends most of its time rendering one small template per field and widget.
    Any other template (a field or widget with a template of its own) is rendered as
    usual."""

    form_template_name = "forms/form.html"
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name, context, request=None):
        if template_name == FIELD_TEMPLATE:
            return _field_html(context["field"])
        if template_name in INPUT_TEMPLATES:
            return _input_html(context["widget"])
        if template_name in OPTION_TEMPLATES:
            return _option_html(context["widget"])
        if template_name == TEXTAREA_TEMPLATE:
            return _textarea_html(context["widget"])
        if template_name == SELECT_TEMPLATE:
            html = _select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


class UtrechtFormMixin:
    """Adds the NL Design System classes to the widgets of a form.

    `mark_optional`: label optional fields "(niet verplicht)"; off for filter forms, where
    every field is optional.
    """

    mark_optional = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        dutch_number_widgets(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                _radio_choices(field)
            widget = field.widget
            css = next(
                (css for cls, css in WIDGET_CLASSES.items() if type(widget) is cls),
                DEFAULT_WIDGET_CLASS,
            )
            if not isinstance(widget, forms.HiddenInput):
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def _clean_fields(self) -> None:
        """Besides each field's own checks: no NUL character (see basisbaan.input) and no
        date outside 1900-2100, in every form of the application."""
        super()._clean_fields()
        flagged = nul_fields(self.data)
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if key in flagged and not field.disabled:
                self.add_error(name, str(NUL_MESSAGE))
            elif name in self.cleaned_data and not check_date_range(self.cleaned_data[name]):
                self.add_error(name, str(DATE_MESSAGE))

    def add_error(self, field, error) -> None:
        """A service's error about a field this form does not show goes above the form
        instead of raising (a service can name any model field)."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown = {
                name: errors for name, errors in error.error_dict.items() if name in self.fields
            }
            hidden = [
                e for name, errors in error.error_dict.items() if name not in shown for e in errors
            ]
            if shown:
                super().add_error(None, ValidationError(shown))
            if hidden:
                super().add_error(None, ValidationError(hidden))
            return
        if field is not None and field not in self.fields:
            field = None
        super().add_error(field, error)


class PlausibilityMixin:
    """Values that are possible but unlikely (usually a typing mistake: 2.845.050 for
    28.450,50) are not saved silently: the form comes back with a warning beside each such
    field and a checkbox, and is saved only once the user ticks it. Impossible values are
    refused by the fields, models and database constraints themselves.

    A form lists its warnings in `plausibility_warnings(data)` as (field name, message).
    Put this mixin before `UtrechtFormMixin` in the bases."""

    CONFIRM = "confirm_plausible"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.CONFIRM] = forms.BooleanField(
            label=_("Ik heb de gemarkeerde waarden gecontroleerd: ze kloppen."),
            required=False,
            widget=forms.HiddenInput,
        )

    def plausibility_warnings(self, data: dict) -> list[tuple[str | None, str]]:
        return []

    def clean(self):
        data = super().clean()
        confirmed = data.pop(self.CONFIRM, False)
        if self._errors:
            return data  # first the impossible values
        warnings = self.plausibility_warnings(data)
        if warnings and not confirmed:
            self.fields[self.CONFIRM].widget = forms.CheckboxInput(
                attrs={"class": WIDGET_CLASSES[forms.CheckboxInput]}
            )
            for name, message in warnings:
                self.add_error(name, message)
            self.add_error(
                self.CONFIRM,
                _("Kloppen de gemarkeerde waarden toch? Vink dit dan aan en sla opnieuw op."),
            )
        return data


def percent_change(new, old) -> float | None:
    """The change from `old` to `new` in percent (None when there is nothing to compare)."""
    if new is None or not old:
        return None
    return float((new - old) / old * 100)


class VersionedFormMixin(forms.Form):
    """Carries the version the user started editing from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version


class LoginForm(UtrechtFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op: het wachtwoord is "
            "hoofdlettergevoelig."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Wachtwoord")


class OTPTokenForm(UtrechtFormMixin, forms.Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de 6 cijfers in die uw app nu toont.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 7}
        ),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()


class WijkForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Wijk
        fields = ["name", "kind", "active"]
        widgets = {"kind": forms.RadioSelect}


MAX_LOGO_BYTES = 1024 * 1024


class MunicipalityProfileForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG of JPEG, hoogstens 1 MB. Verschijnt in het briefhoofd."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Huidig logo verwijderen"), required=False)

    class Meta:
        model = MunicipalityProfile
        fields = [
            "name",
            "department",
            "street_address",
            "postal_code",
            "city",
            "phone",
            "website",
            "signatory_name",
            "signatory_title",
            "second_signatory_name",
            "second_signatory_title",
            "letter_signing_body",
            "letter_closing",
        ]

    def clean_logo_file(self) -> tuple[bytes, str] | None:
        """Checked by its declared size before decoding, downscaled and stored as PNG."""
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("Het logo is groter dan 1 MB."))
        try:
            return logo_image(upload.read())
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None


class RolesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        from django.contrib.auth.models import Group

        from .roles import ROLES

        super().__init__(
            queryset=Group.objects.filter(name__in=ROLES).order_by("name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Rollen"),
            help_text=_("Een gebruiker ziet alleen wat bij de gekozen rollen hoort."),
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        from .roles import ROLE_LABELS

        return str(ROLE_LABELS.get(obj.name, obj.name))


class TeamsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        from .models import Team

        super().__init__(
            queryset=Team.objects.order_by("name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Teams"),
            help_text=_("Een coach ziet de dossiers van de caseload van zijn of haar teams."),
            **kwargs,
        )


class PartiesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        from coaching.models import GuidanceParty

        super().__init__(
            queryset=GuidanceParty.objects.order_by("name"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Begeleidende partij"),
            help_text=_(
                "Alleen voor jobcoaches van een begeleidende partij: zij zien de deelnemers "
                "die hun partij begeleidt."
            ),
            **kwargs,
        )


class UserCreateForm(UtrechtFormMixin, forms.ModelForm):
    """A new account has no password: the user sets one through the activation link."""

    roles = RolesField()
    teams = TeamsField()
    parties = PartiesField()

    class Meta:
        model = User
        fields = ["email", "full_name"]


class ActivationForm(UtrechtFormMixin, SetPasswordForm):
    """Choose a password (through a one-time activation link or a reset e-mail)."""


class PasswordResetForm(UtrechtFormMixin, auth_forms.PasswordResetForm):
    """The e-mail address of the account; the answer is the same whether it exists or not."""


class UserUpdateForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    roles = RolesField()
    teams = TeamsField()
    parties = PartiesField()

    class Meta:
        model = User
        fields = ["email", "full_name", "is_active"]

    def __init__(self, *args, acting_user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.groups.all())
            self.initial["teams"] = list(self.instance.teams.all())
            self.initial["parties"] = list(self.instance.guidance_parties.all())
        if self.instance.pk == acting_user.pk:
            # Nobody changes their own roles, teams or switches their own account off: the
            # fields are shown but disabled, and a disabled field keeps its initial value
            # whatever is posted.
            for name in ("roles", "teams", "parties", "is_active"):
                self.fields[name].disabled = True
            self.fields["roles"].help_text = _(
                "U kunt uw eigen rollen niet wijzigen; vraag dat een andere beheerder."
            )


SUBJECT_TYPES = [
    ("", _("alle soorten")),
    ("candidate", _("kandidaat")),
    ("candidate_list", _("kandidatenlijst")),
    ("placement", _("dienstverband")),
]


class AccessLogFilterForm(UtrechtFormMixin, forms.Form):
    mark_optional = False

    gebruiker = forms.TypedChoiceField(
        label=_("Gebruiker"), required=False, coerce=int, empty_value=None
    )
    soort = forms.ChoiceField(label=_("Soort gegevens"), choices=SUBJECT_TYPES, required=False)
    nummer = forms.IntegerField(
        label=_("Intern nummer"),
        required=False,
        min_value=1,
        help_text=_("Het nummer van de kandidaat of het dienstverband, zoals in de adresbalk."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every account is an option (over a thousand nationally): ids and names, not a
        # model instance per option. The label is the account's str(): name, else e-mail.
        accounts = User.objects.order_by("full_name").values_list("pk", "full_name", "email")
        self.fields["gebruiker"].choices = [
            ("", _("alle gebruikers")),
            *((pk, name or email) for pk, name, email in accounts),
        ]


class PeriodForm(UtrechtFormMixin, forms.Form):
    """A reporting period for the figure pages (van / tot en met), at most three years."""

    mark_optional = False
    van = forms.DateField(
        label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot_en_met = forms.DateField(
        label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot_en_met")
        if start and end:
            if end < start:
                self.add_error("tot_en_met", _("Het einde van de periode ligt vóór het begin."))
            elif (end - start).days > 3 * 366:
                self.add_error("tot_en_met", _("Kies een periode van hoogstens drie jaar."))
        return data


class MySettingsForm(UtrechtFormMixin, forms.ModelForm):
    """What users set for themselves (no roles: nobody changes their own roles)."""

    class Meta:
        model = User
        fields = ["work_digest"]


class RetentionPeriodForm(UtrechtFormMixin, forms.Form):
    """One kind's retention period (the bounds are checked by the model)."""

    kind = forms.CharField(widget=forms.HiddenInput, max_length=30)
    days = forms.IntegerField(label=_("Bewaartermijn in dagen"), min_value=1, max_value=36500)


class ErasureForm(UtrechtFormMixin, forms.Form):
    nummer = forms.IntegerField(
        label=_("Intern nummer van de persoon"),
        min_value=1,
        help_text=_("Het nummer uit de adresbalk van het dossier; de coach geeft het door."),
    )
    ground = forms.ChoiceField(
        label=_("Grond van het verzoek"), choices=ErasureGround.choices, widget=forms.RadioSelect
    )
    confirm = forms.BooleanField(
        label=_(
            "Ik heb het verzoek en de identiteit van de verzoeker gecontroleerd. Wissen kan niet "
            "ongedaan worden gemaakt."
        )
    )
