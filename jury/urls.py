from django.urls import path

from jury.views import exam, panels

app_name = "jury"

urlpatterns = [
    path("", exam.jury_home, name="home"),
    path("volunteer/", exam.juror_volunteer, name="volunteer"),
    path("resume/", exam.juror_resume, name="resume"),
    path("exam/", exam.exam, name="exam"),
    path("exam/start/", exam.exam_start, name="exam-start"),
    path("exam/sittings/<int:sitting_id>/", exam.exam_sitting, name="exam-sitting"),
    path("panels/<int:panel_id>/", panels.panel_detail, name="panel"),
    path("seats/<int:seat_id>/decline/", panels.seat_decline, name="seat-decline"),
    path("office/", panels.office_panels, name="office"),
    path("office/panels/<int:panel_id>/repanel/", panels.office_repanel, name="office-repanel"),
]
