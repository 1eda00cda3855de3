from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class JuryrumUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Juryrum"), {"fields": ("display_name", "preferred_language")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    list_display = ("username", "email", "display_name", "is_staff", "is_active")
    search_fields = ("username", "email", "display_name", "first_name", "last_name")
