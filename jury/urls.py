from django.urls import path

from jury.views import exam

app_name = "jury"

urlpatterns = [
    path("", exam.jury_home, name="home"),
    path("volunteer/", exam.juror_volunteer, name="volunteer"),
    path("resume/", exam.juror_resume, name="resume"),
    path("exam/", exam.exam, name="exam"),
    path("exam/start/", exam.exam_start, name="exam-start"),
    path("exam/sittings/<int:sitting_id>/", exam.exam_sitting, name="exam-sitting"),
]
