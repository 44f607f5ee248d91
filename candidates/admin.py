from django.contrib import admin

from .models import ExclusionReason


@admin.register(ExclusionReason)
class ExclusionReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
