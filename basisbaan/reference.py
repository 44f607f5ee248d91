"""List, add and edit views for admin-managed lists (task types, exclusion reasons, ...).

Each list is one `ReferenceList` instance; its `urls()` go into the owning app's urls.py.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import UtrechtFormMixin, VersionedFormMixin
from .http import HtmxHttpRequest
from .models import ReferenceItem


class ReferenceItemForm(UtrechtFormMixin, VersionedFormMixin, forms.ModelForm):
    pass


REFERENCE_FIELDS = ["name", "description", "position", "active"]


def reference_form_class(
    model: type[ReferenceItem], extra_fields: tuple[str, ...] = ()
) -> type[forms.ModelForm]:
    return forms.modelform_factory(
        model,
        form=ReferenceItemForm,
        fields=[*REFERENCE_FIELDS[:1], *extra_fields, *REFERENCE_FIELDS[1:]],
        widgets={"description": forms.Textarea(attrs={"rows": 3})},
    )


@dataclass
class ReferenceList:
    model: type[ReferenceItem]
    url_prefix: str  # e.g. "afwijsredenen"
    name: str  # url-name prefix, e.g. "exclusionreason"
    title: str  # plural heading, e.g. "Afwijsredenen"
    add_label: str  # e.g. "Afwijsreden toevoegen"
    app_label: str
    namespace: str = ""
    extra_fields: tuple[str, ...] = ()

    def url_name(self, suffix: str) -> str:
        prefix = f"{self.namespace}:" if self.namespace else ""
        return f"{prefix}{self.name}_{suffix}"

    @property
    def list_url_name(self) -> str:
        return self.url_name("list")

    @property
    def create_url_name(self) -> str:
        return self.url_name("create")

    @property
    def update_url_name(self) -> str:
        return self.url_name("update")

    @property
    def perm(self) -> str:
        return f"{self.app_label}.%s_{self.model._meta.model_name}"

    def list_view(self, request: HtmxHttpRequest) -> HttpResponse:
        context = {
            "ref": self,
            "items": self.model.objects.all(),
            "can_edit": request.user.has_perm(self.perm % "change"),
            "can_add": request.user.has_perm(self.perm % "add"),
        }
        return render(request, "core/reference_list.html", context)

    def form_view(self, request: HtmxHttpRequest, pk: int | None = None) -> HttpResponse:
        item = get_object_or_404(self.model, pk=pk) if pk else None
        form = reference_form_class(self.model, self.extra_fields)(
            request.POST or None, instance=item
        )
        if item is None:
            form.fields["version"].required = False
        if request.method == "POST" and form.is_valid():
            data = {k: form.cleaned_data[k] for k in [*REFERENCE_FIELDS, *self.extra_fields]}
            try:
                if item is None:
                    item = services.reference_item_create(model=self.model, **data)
                else:
                    services.reference_item_update(
                        item=item, expected_version=form.cleaned_data["version"], **data
                    )
            except services.StaleObjectError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s is opgeslagen.") % {"name": item.name})
                return redirect(self.list_url_name)
        return render(
            request, "core/reference_form.html", {"ref": self, "form": form, "item": item}
        )

    def urls(self) -> list:
        view_perm, add_perm, change_perm = (self.perm % p for p in ("view", "add", "change"))
        list_view = require_GET(
            permission_required(view_perm, raise_exception=True)(self.list_view)
        )
        methods = require_http_methods(["GET", "POST"])
        create = methods(permission_required(add_perm, raise_exception=True)(self.form_view))
        update = methods(permission_required(change_perm, raise_exception=True)(self.form_view))
        return [
            path(f"{self.url_prefix}/", list_view, name=f"{self.name}_list"),
            path(f"{self.url_prefix}/nieuw/", create, name=f"{self.name}_create"),
            path(f"{self.url_prefix}/<int:pk>/bewerken/", update, name=f"{self.name}_update"),
        ]
