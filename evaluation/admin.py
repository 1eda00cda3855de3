from django.contrib import admin

from evaluation.models import ConflictDeclaration, JuryMember


@admin.register(JuryMember)
class JuryMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "edition", "role", "affiliation")
    list_filter = ("edition", "role")
    list_select_related = ("user", "edition")
    search_fields = ("user__username", "user__email", "affiliation")
    autocomplete_fields = ("user",)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("member", "entry", "has_conflict", "kind", "ruling")
    list_filter = ("member__edition", "has_conflict", "ruling")
    list_select_related = ("member__user", "member__edition", "entry")
    readonly_fields = ("ruling", "ruled_by", "ruled_at", "ruling_note")
