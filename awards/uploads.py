"""Stop reading an upload at the limit instead of after it.

Django reads a whole multipart request before any form sees its size, so a 40 MB request for
a question that takes 10 MB was read (and written to a temporary file) before it was refused.
This handler comes first: it stops at the largest file the request's entry may take, plus a
little for the form's other fields, and notes the stop on the request so that the view can say
so on the form."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import Max

from awards.choices import QuestionKind
from awards.models import LARGEST_FILE_MB, Question

MB = 1024 * 1024
# The form's other fields (CSRF token, question) and the multipart framing.
FORM_ALLOWANCE = 64 * 1024
# The largest spreadsheet of answers an organiser may import (awards.imports).
IMPORT_LIMIT_MB = 2


def upload_limit(request) -> int:
    """The most a request may carry: for an attachment upload, the largest file the entry's
    questionnaire takes; elsewhere no file at all. Before the URL is resolved (a middleware
    reading the form early), the largest any question may be set to."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return LARGEST_FILE_MB * MB + FORM_ALLOWANCE
    if match.view_name == "awards:answers-import":
        return IMPORT_LIMIT_MB * MB + FORM_ALLOWANCE
    if match.view_name != "awards:attachment-upload":
        return FORM_ALLOWANCE
    largest = Question.objects.filter(
        section__edition__entries=match.kwargs["pk"], kind=QuestionKind.FILE
    ).aggregate(largest=Max("max_size_mb"))["largest"]
    return (largest or 0) * MB + FORM_ALLOWANCE


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = upload_limit(self.request)
        self.received = 0
        self.too_large = content_length > self.limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self.stop()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:  # a request that did not say its length, or lied
            self.stop()
        return raw_data

    def file_complete(self, file_size):
        return None

    def stop(self):
        self.request.upload_stopped_at_mb = self.limit // MB
        # Not reading the rest is the point; the fields before the file are kept.
        raise StopUpload(connection_reset=True)
