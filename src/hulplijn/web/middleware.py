"""Turn a missing reference artifact into a clear 503 page instead of a server error."""

from django.shortcuts import render

from hulplijn.reference.artifact import ArtifactMissing


class ReferenceMissingMiddleware:
    """If the peer data has not been built, say so (503) rather than fail with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ArtifactMissing):
            return render(request, "503_reference.html", status=503)
        return None
