from django.contrib import admin

from .models import Applicant, Dependant, EducationEntry, WorkEntry


class EducationInline(admin.TabularInline):
    model = EducationEntry
    extra = 0


class WorkInline(admin.TabularInline):
    model = WorkEntry
    extra = 0


class DependantInline(admin.TabularInline):
    model = Dependant
    extra = 0


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number", "talent_condition", "residence_kind", "updated_at"]
    search_fields = ["name", "id_number", "user__username"]
    list_filter = ["talent_condition", "residence_kind", "marital_status"]
    readonly_fields = ["id_number", "birth_date", "gender", "created_at", "updated_at"]
    inlines = [EducationInline, WorkInline, DependantInline]
