from django.urls import path

from awards.views import (
    answers,
    entries,
    manage,
    outbox,
    people,
    public,
    publication,
    questionnaire,
    record,
    writing,
)

app_name = "awards"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("editions/<slug:slug>/", public.EditionDetailView.as_view(), name="edition-detail"),
    path("award/<slug:slug>/", public.AwardDetailView.as_view(), name="award"),
    path(
        "editions/<slug:slug>/publication/",
        publication.PublicationView.as_view(),
        name="publication",
    ),
    path(
        "editions/<slug:slug>/publication.pdf",
        publication.PublicationPdfView.as_view(),
        name="publication-pdf",
    ),
    path("entries/<int:pk>/proof/", entries.EntryProofView.as_view(), name="entry-proof"),
    path(
        "manage/<slug:slug>/publication/",
        publication.PublicationManageView.as_view(),
        name="publication-manage",
    ),
    path(
        "manage/<slug:slug>/publication/pdf/",
        publication.PublicationBuildPdfView.as_view(),
        name="publication-build-pdf",
    ),
    path(
        "manage/<slug:slug>/publication/publish/",
        publication.PublicationPublishView.as_view(),
        name="publication-publish",
    ),
    path("municipalities/", public.MunicipalityListView.as_view(), name="municipalities"),
    path(
        "municipalities/<str:code>/",
        public.MunicipalityDetailView.as_view(),
        name="municipality",
    ),
    path(
        "editions/<slug:slug>/register/", entries.EntryRegisterView.as_view(), name="entry-register"
    ),
    path("editions/<slug:slug>/nominate/", people.NominateView.as_view(), name="nominate"),
    path("entries/<int:pk>/withdraw/", entries.EntryWithdrawView.as_view(), name="entry-withdraw"),
    path(
        "manage/<slug:slug>/nominations/",
        people.EditionNominationsView.as_view(),
        name="edition-nominations",
    ),
    path(
        "manage/<slug:slug>/nominations/<int:pk>/verify/",
        people.NominationHandleView.as_view(verified=True),
        name="nomination-verify",
    ),
    path(
        "manage/<slug:slug>/nominations/<int:pk>/reject/",
        people.NominationHandleView.as_view(verified=False),
        name="nomination-reject",
    ),
    path(
        "invitation/<str:token>/", people.InvitationAcceptView.as_view(), name="invitation-accept"
    ),
    path("entries/", entries.OwnEntryListView.as_view(), name="entry-list"),
    path(
        "partner-invitations/<int:pk>/",
        entries.PartnerInvitationView.as_view(),
        name="partner-invitation",
    ),
    path(
        "partner-invitations/<int:pk>/accept/",
        entries.PartnerInvitationAnswerView.as_view(accept=True),
        name="partner-invitation-accept",
    ),
    path(
        "partner-invitations/<int:pk>/decline/",
        entries.PartnerInvitationAnswerView.as_view(accept=False),
        name="partner-invitation-decline",
    ),
    path("entries/<int:pk>/", entries.EntryDetailView.as_view(), name="entry-detail"),
    path("entries/<int:pk>/dossier.pdf", entries.EntryDossierView.as_view(), name="entry-dossier"),
    path(
        "entries/<int:pk>/sections/<int:position>/",
        writing.EntrySectionView.as_view(),
        name="entry-section",
    ),
    path(
        "entries/<int:pk>/attachments/",
        writing.AttachmentUploadView.as_view(),
        name="attachment-upload",
    ),
    path(
        "attachments/<int:pk>/",
        writing.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "attachments/<int:pk>/delete/",
        writing.AttachmentDeleteView.as_view(),
        name="attachment-delete",
    ),
    path("entries/<int:pk>/submit/", entries.EntrySubmitView.as_view(), name="entry-submit"),
    path(
        "entries/<int:pk>/submitted/", entries.EntrySubmittedView.as_view(), name="entry-submitted"
    ),
    path("manage/<slug:slug>/", manage.EditionManageView.as_view(), name="edition-manage"),
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
        manage.EditionEntriesCsvView.as_view(),
        name="edition-entries-csv",
    ),
    path(
        "manage/<slug:slug>/entries/<int:pk>/", manage.EntryAdminView.as_view(), name="entry-admin"
    ),
    *(
        path(
            f"manage/<slug:slug>/entries/<int:pk>/{name}/",
            manage.EntryAdminActionView.as_view(name=name),
            name=f"entry-{name}",
        )
        for name in manage.EntryAdminView.FORMS
    ),
    path("manage/<slug:slug>/exports/", manage.EditionExportsView.as_view(), name="exports"),
    path("paused-sign-ins/", people.LockoutsView.as_view(), name="lockouts"),
    path("manage/<slug:slug>/audit/", people.EditionAuditView.as_view(), name="audit"),
    path(
        "manage/<slug:slug>/personal-data/",
        people.EditionPersonalDataView.as_view(),
        name="personal-data",
    ),
    path(
        "manage/<slug:slug>/exports/<str:kind>.<str:format>",
        manage.EditionExportView.as_view(),
        name="export",
    ),
    path(
        "manage/<slug:slug>/questionnaire/",
        questionnaire.QuestionnaireView.as_view(),
        name="questionnaire",
    ),
    path("manage/<slug:slug>/criteria/", questionnaire.CriteriaView.as_view(), name="criteria"),
    path(
        "manage/<slug:slug>/criteria/<int:criterion>/",
        questionnaire.CriterionEditView.as_view(),
        name="criterion-edit",
    ),
    path(
        "manage/<slug:slug>/criteria/<int:criterion>/delete/",
        questionnaire.CriterionDeleteView.as_view(),
        name="criterion-delete",
    ),
    path(
        "manage/<slug:slug>/questionnaire/sections/<int:section>/",
        questionnaire.SectionEditView.as_view(),
        name="section-edit",
    ),
    path(
        "manage/<slug:slug>/questionnaire/sections/<int:section>/delete/",
        questionnaire.SectionDeleteView.as_view(),
        name="section-delete",
    ),
    path(
        "manage/<slug:slug>/questionnaire/sections/<int:section>/new/",
        questionnaire.QuestionFormView.as_view(),
        name="question-create",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/",
        questionnaire.QuestionFormView.as_view(),
        name="question-edit",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/up/",
        questionnaire.QuestionMoveView.as_view(up=True),
        name="question-up",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/down/",
        questionnaire.QuestionMoveView.as_view(up=False),
        name="question-down",
    ),
    path(
        "manage/<slug:slug>/questionnaire/questions/<int:question>/delete/",
        questionnaire.QuestionDeleteView.as_view(),
        name="question-delete",
    ),
    path(
        "manage/<slug:slug>/finalists/publish/",
        manage.FinalistsPublishView.as_view(),
        name="finalists-publish",
    ),
    path("manage/<slug:slug>/outbox/", outbox.OutboxView.as_view(), name="outbox"),
    path(
        "manage/<slug:slug>/outbox/prepare/",
        outbox.OutboxPrepareView.as_view(),
        name="outbox-prepare",
    ),
    path("manage/<slug:slug>/outbox/send/", outbox.OutboxSendView.as_view(), name="outbox-send"),
    path(
        "manage/<slug:slug>/preview/", manage.EditionPreviewView.as_view(), name="edition-preview"
    ),
    path(
        "manage/<slug:slug>/outbox/<int:pk>/",
        outbox.OutboxMessageView.as_view(),
        name="outbox-message",
    ),
    path(
        "manage/<slug:slug>/outbox/<int:pk>/discard/",
        outbox.OutboxDiscardView.as_view(),
        name="outbox-discard",
    ),
    path("manage/<slug:slug>/copy/", manage.EditionCopyView.as_view(), name="edition-copy"),
    path(
        "manage/<slug:slug>/settings/",
        manage.EditionSettingsView.as_view(),
        name="edition-settings",
    ),
    path("manage/<slug:slug>/phase/", manage.EditionPhaseView.as_view(), name="edition-phase"),
    path(
        "manage/<slug:slug>/contacts/",
        people.EditionContactsView.as_view(),
        name="edition-contacts",
    ),
    path(
        "manage/<slug:slug>/contacts/<int:pk>/remove/",
        people.ContactRemoveView.as_view(),
        name="contact-remove",
    ),
]
