app_name = "assessment"

urlpatterns: list = []
