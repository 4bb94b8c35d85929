"""The public board (公示栏), mounted at /board/."""

from django.urls import path, re_path

from board import views as board

app_name = "board"

urlpatterns = [
    path("", board.board_index, name="index"),
    re_path(r"^(?P<batch_date>\d{4}-\d{2}-\d{2})/$", board.batch_detail, name="batch"),
    path("claims/<str:reference>/object/", board.claim_object, name="claim-object"),
]
