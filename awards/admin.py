from django.contrib import admin

from awards.models import (
    Award,
    County,
    Edition,
    EditionPhaseChange,
    Entry,
    EntryMunicipality,
    Municipality,
    MunicipalityContact,
    Organiser,
    Question,
    Section,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "county")
    list_filter = ("county",)
    list_select_related = ("county",)
    search_fields = ("name", "code")


@admin.register(MunicipalityContact)
class MunicipalityContactAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "title")
    list_select_related = ("user", "municipality")
    autocomplete_fields = ("user", "municipality")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "organiser_name")
    prepopulated_fields = {"slug": ("name",)}


class OrganiserInline(admin.TabularInline):
    model = Organiser
    autocomplete_fields = ("user",)
    extra = 0


class PhaseChangeInline(admin.TabularInline):
    model = EditionPhaseChange
    fields = ("created_at", "actor", "from_phase", "to_phase", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("name", "award", "year", "phase", "submission_deadline", "announce_at")
    list_filter = ("award", "phase")
    list_select_related = ("award",)
    readonly_fields = ("phase",)
    inlines = [OrganiserInline, PhaseChangeInline]


class EntryMunicipalityInline(admin.TabularInline):
    model = EntryMunicipality
    fields = ("municipality",)
    autocomplete_fields = ("municipality",)
    extra = 0


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("title", "edition", "state", "standing", "submitted_at")
    list_filter = ("edition", "state", "standing")
    list_select_related = ("edition",)
    readonly_fields = ("state", "standing", "submitted_at")
    search_fields = ("title",)
    inlines = [EntryMunicipalityInline]

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            row.edition_id = form.instance.edition_id
            row.save()
        for row in formset.deleted_objects:
            row.delete()


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "edition", "position")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    inlines = [QuestionInline]
