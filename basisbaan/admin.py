from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import MunicipalityProfile, Team, User, Wijk

admin.site.site_header = _("Basisbaan beheer")
admin.site.site_title = _("Basisbaan beheer")

# Fields that give power: only a superuser sees them, and nobody edits them on their own
# account. Roles are given in /gebruikers/, where every change is logged.
PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active"]
    list_filter = ["is_active", "groups"]
    search_fields = ["full_name", "email"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        rights = ["is_active"]
        if request.user.is_superuser:
            rights += ["is_staff", "is_superuser", "groups"]
        return [
            (None, {"fields": ["email", "password"]}),
            (_("Persoon"), {"fields": ["full_name"]}),
            (_("Rechten"), {"fields": rights}),
            (_("Data"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["is_active", *PRIVILEGE_FIELDS]
        return readonly

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*self.list_display, "is_staff", "is_superuser"]
        return self.list_display

    def save_related(self, request, form, formsets, change):
        """Role changes go through the service: refused on one's own account, and logged."""
        roles = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if roles is not None:
            services.user_roles_set(user=form.instance, acting_user=request.user, roles=list(roles))


@admin.register(MunicipalityProfile)
class MunicipalityProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    readonly_fields = ["members"]
