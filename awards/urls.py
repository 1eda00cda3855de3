from django.urls import path

from awards import views
from awards.views import answers, public, record

app_name = "awards"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("editions/<slug:slug>/", public.EditionDetailView.as_view(), name="edition-detail"),
    path("award/<slug:slug>/", public.AwardDetailView.as_view(), name="award"),
    path("editions/<slug:slug>/publication/", views.PublicationView.as_view(), name="publication"),
    path(
        "editions/<slug:slug>/publication.pdf",
        views.PublicationPdfView.as_view(),
        name="publication-pdf",
    ),
    path("entries/<int:pk>/proof/", views.EntryProofView.as_view(), name="entry-proof"),
    path(
        "manage/<slug:slug>/publication/",
        views.PublicationManageView.as_view(),
        name="publication-manage",
    ),
    path("municipalities/", public.MunicipalityListView.as_view(), name="municipalities"),
    path(
        "municipalities/<str:code>/",
        public.MunicipalityDetailView.as_view(),
        name="municipality",
    ),
    path(
        "editions/<slug:slug>/register/", views.EntryRegisterView.as_view(), name="entry-register"
    ),
    path("editions/<slug:slug>/nominate/", views.NominateView.as_view(), name="nominate"),
    path("entries/<int:pk>/withdraw/", views.EntryWithdrawView.as_view(), name="entry-withdraw"),
    path(
        "manage/<slug:slug>/nominations/",
        views.EditionNominationsView.as_view(),
        name="edition-nominations",
    ),
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("entries/", views.OwnEntryListView.as_view(), name="entry-list"),
    path(
        "partner-invitations/<int:pk>/",
        views.PartnerInvitationView.as_view(),
        name="partner-invitation",
    ),
    path(
        "partner-invitations/<int:pk>/accept/",
        views.PartnerInvitationAnswerView.as_view(accept=True),
        name="partner-invitation-accept",
    ),
    path(
        "partner-invitations/<int:pk>/decline/",
        views.PartnerInvitationAnswerView.as_view(accept=False),
        name="partner-invitation-decline",
    ),
    path("entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry-detail"),
    path("entries/<int:pk>/dossier.pdf", views.EntryDossierView.as_view(), name="entry-dossier"),
    path(
        "entries/<int:pk>/sections/<int:position>/",
        views.EntrySectionView.as_view(),
        name="entry-section",
    ),
    path(
        "entries/<int:pk>/attachments/",
        views.AttachmentUploadView.as_view(),
        name="attachment-upload",
    ),
    path(
        "attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"
    ),
    path(
        "attachments/<int:pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment-delete",
    ),
    path("entries/<int:pk>/submit/", views.EntrySubmitView.as_view(), name="entry-submit"),
    path("entries/<int:pk>/submitted/", views.EntrySubmittedView.as_view(), name="entry-submitted"),
    path("manage/<slug:slug>/", views.EditionManageView.as_view(), name="edition-manage"),
    path("manage/<slug:slug>/record/", record.EditionRecordView.as_view(), name="edition-record"),
    path(
        "manage/<slug:slug>/answers/import/",
        answers.AnswersImportView.as_view(),
        name="answers-import",
    ),
    path(
        "entries/<int:pk>/answers-for/",
        answers.EntryAnswersEnterView.as_view(),
        name="entry-answers-enter",
    ),
    path(
        "manage/<slug:slug>/record/entries/",
        record.RecordEntryAddView.as_view(),
        name="record-entry-add",
    ),
    path(
        "manage/<slug:slug>/record/entries/<int:pk>/",
        record.RecordEntryView.as_view(),
        name="record-entry",
    ),
    path(
        "manage/<slug:slug>/record/entries/<int:pk>/remove/",
        record.RecordEntryView.as_view(remove=True),
        name="record-entry-remove",
    ),
    path("manage/<slug:slug>/record/jury/", record.RecordJuryView.as_view(), name="record-jury"),
    path(
        "manage/<slug:slug>/past-edition/",
        record.PastEditionAddView.as_view(),
        name="past-edition-add",
    ),
    path(
        "manage/<slug:slug>/entries.csv",
        views.EditionEntriesCsvView.as_view(),
        name="edition-entries-csv",
    ),
    path(
        "manage/<slug:slug>/entries/<int:pk>/", views.EntryAdminView.as_view(), name="entry-admin"
    ),
    path("manage/<slug:slug>/exports/", views.EditionExportsView.as_view(), name="exports"),
    path("paused-sign-ins/", views.LockoutsView.as_view(), name="lockouts"),
    path("manage/<slug:slug>/audit/", views.EditionAuditView.as_view(), name="audit"),
    path(
        "manage/<slug:slug>/personal-data/",
        views.EditionPersonalDataView.as_view(),
        name="personal-data",
    ),
    path(
        "manage/<slug:slug>/exports/<str:kind>.<str:format>",
        views.EditionExportView.as_view(),
        name="export",
    ),
    path(
        "manage/<slug:slug>/questionnaire/", views.QuestionnaireView.as_view(), name="questionnaire"
    ),
    path("manage/<slug:slug>/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path(
        "manage/<slug:slug>/criteria/<int:criterion>/",
        views.CriterionEditView.as_view(),
        name="criterion-edit",
    ),
    path(
        "manage/<slug:slug>/questionnaire/sections/<int:section>/",
        views.SectionEditView.as_view(),
        name="section-edit",
    ),
    path(
        "manage/<slug:slug>/questionnaire/sections/<int:section>/new/",
        views.QuestionFormView.as_view(),
        name="question-create",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/",
        views.QuestionFormView.as_view(),
        name="question-edit",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/action/",
        views.QuestionActionView.as_view(),
        name="question-action",
    ),
    path(
        "manage/<slug:slug>/finalists/publish/",
        views.FinalistsPublishView.as_view(),
        name="finalists-publish",
    ),
    path("manage/<slug:slug>/outbox/", views.OutboxView.as_view(), name="outbox"),
    path("manage/<slug:slug>/preview/", views.EditionPreviewView.as_view(), name="edition-preview"),
    path(
        "manage/<slug:slug>/outbox/<int:pk>/",
        views.OutboxMessageView.as_view(),
        name="outbox-message",
    ),
    path("manage/<slug:slug>/copy/", views.EditionCopyView.as_view(), name="edition-copy"),
    path(
        "manage/<slug:slug>/settings/", views.EditionSettingsView.as_view(), name="edition-settings"
    ),
    path("manage/<slug:slug>/phase/", views.EditionPhaseView.as_view(), name="edition-phase"),
    path(
        "manage/<slug:slug>/contacts/",
        views.EditionContactsView.as_view(),
        name="edition-contacts",
    ),
    path(
        "manage/<slug:slug>/contacts/<int:pk>/remove/",
        views.ContactRemoveView.as_view(),
        name="contact-remove",
    ),
]
